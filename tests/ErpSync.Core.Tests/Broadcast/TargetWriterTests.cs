using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Broadcast
{
    public sealed class TargetWriterTests : IDisposable
    {
        private readonly BroadcastFixture fixture = new BroadcastFixture();

        public void Dispose() => fixture.Dispose();

        [Fact]
        public void Sqlite_target_uses_one_writer()
        {
            AddProducts(5);
            var target = new CountingEndpoint(fixture.SqliteTarget("shop"));

            var result = Run("one-writer", target, batchSize: 2).Single();

            Assert.Equal(5, result.Delivered);
            Assert.Equal(3, target.Batches);
            Assert.Equal(1, target.WritersOpened);
            Assert.Equal(1, target.WritersCompleted);
            Assert.Equal(0, target.WritersOpen);
            Assert.Equal(5, BroadcastFixture.ReadAll(target).Count);
        }

        [Fact]
        public void Csv_target_uses_writer_per_batch()
        {
            AddProducts(5);
            var target = new CountingEndpoint(fixture.CsvTarget("feed"));

            var result = Run("file-writers", target, batchSize: 2).Single();

            Assert.Equal(5, result.Delivered);
            Assert.Equal(3, target.Batches);
            Assert.Equal(3, target.WritersOpened);
            Assert.Equal(3, target.WritersCompleted);
            Assert.Equal(0, target.WritersOpen);
            Assert.Equal(5, BroadcastFixture.ReadAll(target).Count);
        }

        [Fact]
        public void Failed_write_opens_new_writer()
        {
            AddProducts(5);
            var target = new CountingEndpoint(fixture.SqliteTarget("shop")) { FailingBatch = 2 };

            var result = Run("reopen", target, batchSize: 2).Single();

            // The second batch fails as a whole, its retry opens a second writer, and that writer serves the rest.
            Assert.Equal(5, result.Delivered);
            Assert.Equal(2, result.Failed);
            Assert.Equal(0, result.DeadLettered);
            Assert.Equal(4, target.Batches);
            Assert.Equal(2, target.WritersOpened);
            Assert.Equal(1, target.WritersCompleted);
            Assert.Equal(0, target.WritersOpen);
            Assert.Equal(5, BroadcastFixture.ReadAll(target).Count);
        }

        private void AddProducts(int count)
        {
            for (var i = 1; i <= count; i++)
            {
                fixture.Upsert(BroadcastFixture.Sku(i), "Product " + i, "1.50", i, "2026-03-01T10:00:00Z");
            }
        }

        private IReadOnlyList<ErpBroadcastResult> Run(string jobName, Endpoint target, int batchSize)
        {
            var options = new BroadcastOptions(jobName, fixture.Source(), new[] { target })
            {
                BatchSize = batchSize,
                MaxAttempts = 3,
                RetryDelay = TimeSpan.FromMilliseconds(1),
                StatePath = fixture.StatePath,
            };
            return new BroadcastEngine(options).RunOnce(CancellationToken.None);
        }

        /// <summary>A target that counts the writers opened, completed and still open, and can fail one batch as a whole.</summary>
        private sealed class CountingEndpoint : Endpoint
        {
            private readonly Endpoint inner;

            public CountingEndpoint(Endpoint inner)
                : base(inner.Options)
            {
                this.inner = inner;
            }

            /// <summary>The number of the batch whose write throws, counting from 1; 0 fails none.</summary>
            public int FailingBatch { get; set; }

            public int Batches { get; private set; }

            public int WritersOpened { get; private set; }

            public int WritersCompleted { get; private set; }

            public int WritersOpen { get; private set; }

            public override string Kind => inner.Kind;

            public override string Location => inner.Location;

            public override EndpointCapabilities Capabilities => inner.Capabilities;

            public override IRecordWriter OpenWriter()
            {
                var writer = new Writer(this, inner.OpenWriter());
                WritersOpened++;
                WritersOpen++;
                return writer;
            }

            protected override IEnumerable<ReadItem> ReadRecords(DateTimeOffset? since, CancellationToken cancellationToken) => inner.Read(since, cancellationToken);

            private sealed class Writer : IRecordWriter
            {
                private readonly CountingEndpoint endpoint;
                private readonly IRecordWriter inner;

                public Writer(CountingEndpoint endpoint, IRecordWriter inner)
                {
                    this.endpoint = endpoint;
                    this.inner = inner;
                }

                public IReadOnlyList<WriteOutcome> WriteBatch(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken)
                {
                    endpoint.Batches++;
                    if (endpoint.Batches == endpoint.FailingBatch)
                    {
                        throw new IOException("The connection to the shop was reset.");
                    }

                    return inner.WriteBatch(batch, cancellationToken);
                }

                public void Truncate(CancellationToken cancellationToken) => inner.Truncate(cancellationToken);

                public void Complete()
                {
                    endpoint.WritersCompleted++;
                    inner.Complete();
                }

                public void Dispose()
                {
                    endpoint.WritersOpen--;
                    inner.Dispose();
                }
            }
        }
    }
}
