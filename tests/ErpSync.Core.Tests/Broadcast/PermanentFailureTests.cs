using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.Core.Records;
using ErpSync.Core.State;
using Xunit;

namespace ErpSync.Core.Tests.Broadcast
{
    public sealed class PermanentFailureTests : IDisposable
    {
        private readonly BroadcastFixture fixture = new BroadcastFixture();

        public void Dispose() => fixture.Dispose();

        [Fact]
        public void Invalid_data_is_dead_lettered_without_retry()
        {
            fixture.Upsert("A", "Tea", "1.50", 1, "2026-03-01T10:00:00Z");
            fixture.Upsert("B", "Mate", "2.50", 2, "2026-03-01T10:00:00Z");
            var target = new RejectingEndpoint(fixture.CsvTarget("feed"), rejectedKey: "B");
            var options = new BroadcastOptions("permanent", fixture.Source(), new Endpoint[] { target })
            {
                MaxAttempts = 5,
                RetryDelay = TimeSpan.FromMilliseconds(1),
                StatePath = fixture.StatePath,
            };

            var result = new BroadcastEngine(options).RunOnce(CancellationToken.None).Single();

            Assert.Equal(1, result.Delivered);
            Assert.Equal(1, result.Failed);
            Assert.Equal(1, result.DeadLettered);
            Assert.Equal(1, target.Attempts["B"]);
            using var store = StateStore.Open(fixture.StatePath);
            var letter = BroadcastState.ListDeadLetters(store, "permanent", "feed").Single();
            Assert.Equal("B", letter.Key);
            Assert.Equal(1, letter.Attempts);
        }

        /// <summary>A target that rejects one key as invalid data, as a system does with a value it cannot store; other writes go to the inner endpoint.</summary>
        private sealed class RejectingEndpoint : Endpoint
        {
            private readonly Endpoint inner;
            private readonly string rejectedKey;

            public RejectingEndpoint(Endpoint inner, string rejectedKey)
                : base(inner.Options)
            {
                this.inner = inner;
                this.rejectedKey = rejectedKey;
            }

            public Dictionary<string, int> Attempts { get; } = new Dictionary<string, int>();

            public override string Kind => "Rejecting";

            public override string Location => inner.Location;

            public override EndpointCapabilities Capabilities => inner.Capabilities;

            public override IRecordWriter OpenWriter() => new Writer(this, inner.OpenWriter());

            protected override IEnumerable<ReadItem> ReadRecords(DateTimeOffset? since, CancellationToken cancellationToken) => inner.Read(since, cancellationToken);

            private sealed class Writer : IRecordWriter
            {
                private readonly RejectingEndpoint endpoint;
                private readonly IRecordWriter inner;

                public Writer(RejectingEndpoint endpoint, IRecordWriter inner)
                {
                    this.endpoint = endpoint;
                    this.inner = inner;
                }

                public IReadOnlyList<WriteOutcome> WriteBatch(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken)
                {
                    var outcomes = new List<WriteOutcome>();
                    var passed = new List<WriteOperation>();
                    foreach (var operation in batch)
                    {
                        var key = operation.Key.ToString();
                        endpoint.Attempts[key] = endpoint.Attempts.TryGetValue(key, out var count) ? count + 1 : 1;
                        if (key == endpoint.rejectedKey)
                        {
                            outcomes.Add(WriteOutcome.Failed(operation, new RecordError(ErrorIds.ValueNotParsed, "The price is not valid here.") { Kind = ErrorKind.InvalidData }));
                        }
                        else
                        {
                            passed.Add(operation);
                        }
                    }

                    outcomes.AddRange(inner.WriteBatch(passed, cancellationToken));
                    return outcomes;
                }

                public void Truncate(CancellationToken cancellationToken) => inner.Truncate(cancellationToken);

                public void Complete() => inner.Complete();

                public void Dispose() => inner.Dispose();
            }
        }
    }
}
