using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Performance
{
    public sealed class WriteBehindTests
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Outcomes_and_state_come_back_with_their_batch(bool background)
        {
            var writer = new RecordingWriter();
            using var writeBehind = new WriteBehind(writer, background);

            writeBehind.Start(Batch("A-1", "B-2"), "first");
            var (firstOutcomes, firstState) = writeBehind.Take();
            writeBehind.Start(Batch("C-3"), "second");
            var (secondOutcomes, secondState) = writeBehind.Take();

            Assert.Equal("first", firstState);
            Assert.Equal(new[] { "A-1", "B-2" }, firstOutcomes.Select(o => o.Operation.Key.ToString()));
            Assert.Equal("second", secondState);
            Assert.Equal(new[] { "C-3" }, secondOutcomes.Select(o => o.Operation.Key.ToString()));
            Assert.Equal(new[] { "A-1", "B-2", "C-3" }, writer.Written);
        }

        [Fact]
        public void Second_start_before_take_is_refused()
        {
            var writer = new RecordingWriter();
            using var writeBehind = new WriteBehind(writer, background: true);
            writeBehind.Start(Batch("A-1"), null);

            var error = Assert.Throws<InvalidOperationException>(() => writeBehind.Start(Batch("B-2"), null));

            Assert.Equal("A batch is still being written. Take its outcomes before starting the next batch.", error.Message);
            writeBehind.Take();
            Assert.Equal(new[] { "A-1" }, writer.Written);
        }

        [Fact]
        public void Take_without_batch_is_refused()
        {
            using var writeBehind = new WriteBehind(new RecordingWriter(), background: true);

            var error = Assert.Throws<InvalidOperationException>(() => writeBehind.Take());

            Assert.Equal("No batch is being written.", error.Message);
            Assert.False(writeBehind.Busy);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Failed_write_is_thrown_by_take(bool background)
        {
            var writer = new RecordingWriter { FailOn = "B-2" };
            using var writeBehind = new WriteBehind(writer, background);
            writeBehind.Start(Batch("A-1", "B-2"), null);

            Assert.True(writeBehind.Busy);
            var error = Assert.Throws<ErpSyncException>(() => writeBehind.Take());

            Assert.Equal("The disk is full while writing 'B-2'.", error.Message);
            Assert.False(writeBehind.Busy);
            writeBehind.Start(Batch("C-3"), null);
            writeBehind.Take();
            Assert.Equal(new[] { "C-3" }, writer.Written);
        }

        [Fact]
        public void Dispose_waits_for_batch_in_flight()
        {
            using var release = new ManualResetEventSlim(false);
            var writer = new RecordingWriter { Gate = release };
            var writeBehind = new WriteBehind(writer, background: true);
            writeBehind.Start(Batch("A-1", "B-2"), null);

            var disposing = new Thread(writeBehind.Dispose);
            disposing.Start();
            var endedBeforeRelease = disposing.Join(200);
            release.Set();
            disposing.Join();

            Assert.False(endedBeforeRelease);
            Assert.Equal(new[] { "A-1", "B-2" }, writer.Written);
            Assert.False(writeBehind.Busy);
        }

        [Fact]
        public void Dispose_after_failed_write_does_not_throw()
        {
            var writer = new RecordingWriter { FailOn = "A-1" };
            var writeBehind = new WriteBehind(writer, background: true);
            writeBehind.Start(Batch("A-1"), null);

            writeBehind.Dispose();

            Assert.False(writeBehind.Busy);
            Assert.Empty(writer.Written);
        }

        private static WriteOperation[] Batch(params string[] keys) =>
            keys.Select(k => WriteOperation.Delete(RecordKey.Single(k))).ToArray();

        private sealed class RecordingWriter : IRecordWriter
        {
            public List<string> Written { get; } = new List<string>();

            public string? FailOn { get; set; }

            public ManualResetEventSlim? Gate { get; set; }

            public IReadOnlyList<WriteOutcome> WriteBatch(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken)
            {
                Gate?.Wait();
                if (batch.Any(o => o.Key.ToString() == FailOn))
                {
                    throw new ErpSyncException(ErrorIds.WriteFailed, $"The disk is full while writing '{FailOn}'.");
                }

                Written.AddRange(batch.Select(o => o.Key.ToString()));
                return batch.Select(o => WriteOutcome.Done(o, WriteResultKind.Deleted)).ToList();
            }

            public void Truncate(CancellationToken cancellationToken) => Written.Clear();

            public void Complete()
            {
            }

            public void Dispose()
            {
            }
        }
    }
}
