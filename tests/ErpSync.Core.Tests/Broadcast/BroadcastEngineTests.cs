using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.Core.Records;
using ErpSync.Core.State;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.Core.Tests.Broadcast
{
    public sealed class BroadcastEngineTests : IDisposable
    {
        private readonly BroadcastFixture fixture = new BroadcastFixture();

        public void Dispose() => fixture.Dispose();

        [Fact]
        public void Burst_sharing_one_timestamp_reaches_every_target_once()
        {
            for (var i = 1; i <= 1500; i++)
            {
                fixture.Upsert(BroadcastFixture.Sku(i), "Product " + i, "1.50", i, "2026-03-01T10:00:00Z");
            }

            var shop = fixture.SqliteTarget("shop");
            var feed = fixture.CsvTarget("feed");
            var engine = Engine(new BroadcastOptions("stock", fixture.Source(), new ErpSync.Core.Endpoints.Endpoint[] { shop, feed }) { BatchSize = 1000 });

            var first = engine.RunOnce(CancellationToken.None);
            fixture.Upsert(BroadcastFixture.Sku(1501), "Late product", "2.00", 7, "2026-03-01T10:00:00Z");
            var second = engine.RunOnce(CancellationToken.None);
            var third = engine.RunOnce(CancellationToken.None);

            Assert.Equal(new[] { 1500, 1500 }, first.Select(r => r.Delivered));
            Assert.Equal(new[] { 1500, 1500 }, first.Select(r => r.Detected));
            Assert.Equal(new[] { 1, 1 }, second.Select(r => r.Delivered));
            Assert.Equal(new[] { 0, 0 }, third.Select(r => r.Delivered));
            Assert.Equal(new[] { 0L, 0L }, third.Select(r => r.Lag));
            var shopRecords = BroadcastFixture.ReadAll(shop);
            var feedRecords = BroadcastFixture.ReadAll(feed);
            Assert.Equal(1501, shopRecords.Count);
            Assert.Equal(1501, feedRecords.Count);
            Assert.Equal(1500L, shopRecords["NW-1500"]["Stock"]);
            Assert.Equal("Late product", feedRecords["NW-1501"]["Name"]);
            Assert.Equal(1501L, OutboxCount());
        }

        [Fact]
        public void Mixed_precision_and_offsets_deliver_once()
        {
            fixture.Upsert("A", "Whole seconds", "1", 1, "2026-03-01T10:00:00Z");
            fixture.Upsert("B", "Milliseconds in another offset", "2", 2, "2026-03-01T12:00:00.250+02:00");
            var shop = fixture.SqliteTarget("shop");
            var engine = Engine(new BroadcastOptions("mixed", fixture.Source(), new[] { shop }));

            var first = engine.RunOnce(CancellationToken.None);
            fixture.Upsert("C", "Same instant as the watermark", "3", 3, "2026-03-01T05:00:00.250-05:00");
            fixture.Upsert("D", "Just before the watermark", "4", 4, "2026-03-01T10:00:00.1Z");
            var second = engine.RunOnce(CancellationToken.None);

            Assert.Equal(2, first.Single().Delivered);
            Assert.Equal(2, second.Single().Delivered);
            Assert.Equal(4, BroadcastFixture.ReadAll(shop).Count);
            Assert.Equal(4L, OutboxCount());
            using var store = StateStore.Open(fixture.StatePath);
            Assert.Equal("2026-03-01T10:00:00.2500000Z", store.Scalar("SELECT value FROM watermarks WHERE job_name = 'mixed'"));
        }

        [Fact]
        public void Failing_target_gets_dead_letters_and_working_target_completes()
        {
            for (var i = 1; i <= 3; i++)
            {
                fixture.Upsert(BroadcastFixture.Sku(i), "Product " + i, "9.90", i, "2026-03-01T10:00:00Z");
            }

            var broken = fixture.SqliteTarget("broken");
            var brokenPath = broken.Sqlite.Path;
            BroadcastFixture.Execute(brokenPath, "CREATE TABLE products (Sku TEXT PRIMARY KEY, Name TEXT, Price TEXT, Stock INTEGER, ModifiedAt TEXT)");
            BroadcastFixture.Execute(brokenPath, "CREATE TRIGGER reject BEFORE INSERT ON products BEGIN SELECT RAISE(ABORT, 'shop is in maintenance'); END");
            var feed = fixture.CsvTarget("feed");
            var options = new BroadcastOptions("dead", fixture.Source(), new ErpSync.Core.Endpoints.Endpoint[] { broken, feed })
            {
                MaxAttempts = 3,
                RetryDelay = TimeSpan.FromMilliseconds(2),
            };

            var results = Engine(options).RunOnce(CancellationToken.None);

            var brokenResult = results.Single(r => r.Target == "broken");
            var feedResult = results.Single(r => r.Target == "feed");
            Assert.Equal(3, feedResult.Delivered);
            Assert.Equal(0, brokenResult.Delivered);
            Assert.Equal(9, brokenResult.Failed);
            Assert.Equal(3, brokenResult.DeadLettered);
            Assert.Equal(0L, brokenResult.Lag);
            Assert.Equal(3, BroadcastFixture.ReadAll(feed).Count);

            using var store = StateStore.Open(fixture.StatePath);
            var letters = BroadcastState.ListDeadLetters(store, "dead", "broken");
            Assert.Equal(new[] { "NW-0001", "NW-0002", "NW-0003" }, letters.Select(l => l.Key));
            Assert.All(letters, l => Assert.Equal(3, l.Attempts));
            Assert.All(letters, l => Assert.Contains("shop is in maintenance", l.LastError));

            BroadcastFixture.Execute(brokenPath, "DROP TRIGGER reject");
            var sender = new DeadLetterSender(store, fixture.Source());
            var sent = letters.Select(l => sender.Send(l, broken)).ToList();

            Assert.All(sent, s => Assert.Equal(DeadLetterStatus.Delivered, s.Status));
            Assert.Empty(BroadcastState.ListDeadLetters(store, "dead", null));
            var repaired = BroadcastFixture.ReadAll(broken);
            Assert.Equal(3, repaired.Count);
            Assert.Equal(9.90m, repaired["NW-0002"]["Price"]);
        }

        [Fact]
        public void Later_changes_flow_past_dead_letter_and_supersede_it()
        {
            fixture.Upsert("A", "First", "1", 1, "2026-03-01T10:00:00Z");
            var target = fixture.SqliteTarget("shop");
            BroadcastFixture.Execute(target.Sqlite.Path, "CREATE TABLE products (Sku TEXT PRIMARY KEY, Name TEXT, Price TEXT, Stock INTEGER, ModifiedAt TEXT)");
            BroadcastFixture.Execute(target.Sqlite.Path, "CREATE TRIGGER reject BEFORE INSERT ON products WHEN NEW.Name = 'First' BEGIN SELECT RAISE(ABORT, 'rejected'); END");
            var engine = Engine(new BroadcastOptions("flow", fixture.Source(), new[] { target }) { MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });

            var first = engine.RunOnce(CancellationToken.None);
            fixture.Upsert("A", "Second", "2", 2, "2026-03-01T10:05:00Z");
            var second = engine.RunOnce(CancellationToken.None);

            Assert.Equal(1, first.Single().DeadLettered);
            Assert.Equal(1, second.Single().Delivered);
            Assert.Equal("Second", BroadcastFixture.ReadAll(target)["A"]["Name"]);
            using var store = StateStore.Open(fixture.StatePath);
            var letter = BroadcastState.ListDeadLetters(store, "flow", "shop").Single();
            var resent = new DeadLetterSender(store, fixture.Source()).Send(letter, target);
            Assert.Equal(DeadLetterStatus.Superseded, resent.Status);
            Assert.Equal("Second", BroadcastFixture.ReadAll(target)["A"]["Name"]);
            Assert.Empty(BroadcastState.ListDeadLetters(store, "flow", null));
        }

        [Fact]
        public void Snapshot_propagates_deletes_only_when_asked()
        {
            fixture.Upsert("A", "Kept", "1", 1, "2026-03-01T10:00:00Z");
            fixture.Upsert("B", "Removed", "2", 2, "2026-03-01T10:00:00Z");
            var propagating = fixture.SqliteTarget("propagating");
            var reporting = fixture.SqliteTarget("reporting");
            var withDeletes = Engine(new BroadcastOptions("snap-delete", fixture.Source(withModifiedField: false), new[] { propagating }) { PropagateDeletes = true });
            var withoutDeletes = Engine(new BroadcastOptions("snap-report", fixture.Source(withModifiedField: false), new[] { reporting }));

            withDeletes.RunOnce(CancellationToken.None);
            withoutDeletes.RunOnce(CancellationToken.None);
            fixture.Delete("B");
            var deleted = withDeletes.RunOnce(CancellationToken.None).Single();
            var reported = withoutDeletes.RunOnce(CancellationToken.None).Single();
            var quiet = withoutDeletes.RunOnce(CancellationToken.None).Single();

            Assert.Equal(ChangeDetection.Snapshot, withDeletes.Options.EffectiveChangeDetection);
            Assert.Equal(1, deleted.Detected);
            Assert.Equal(1, deleted.Delivered);
            Assert.Equal(new[] { "A" }, BroadcastFixture.ReadAll(propagating).Keys);
            Assert.Equal(0, reported.Detected);
            Assert.Equal(1, reported.DeletesReported);
            Assert.Equal(0, quiet.DeletesReported);
            Assert.Equal(new[] { "A", "B" }, BroadcastFixture.ReadAll(reporting).Keys.OrderBy(k => k));
        }

        [Fact]
        public void Second_run_of_same_job_is_rejected()
        {
            var engine = Engine(new BroadcastOptions("locked", fixture.Source(), new[] { fixture.SqliteTarget("shop") }));
            using var holder = engine.AcquireLock("holder");

            var error = Assert.Throws<ErpSyncException>(() => engine.RunOnce(CancellationToken.None));

            Assert.Equal(ErrorIds.JobAlreadyRunning, error.ErrorId);
        }

        [Fact]
        public void Cancelled_cycle_delivers_on_next_run()
        {
            for (var i = 1; i <= 5; i++)
            {
                fixture.Upsert(BroadcastFixture.Sku(i), "Product " + i, "1", i, "2026-03-01T10:00:00Z");
            }

            var shop = fixture.SqliteTarget("shop");
            var engine = Engine(new BroadcastOptions("resume", fixture.Source(), new[] { shop }) { BatchSize = 2 });
            var first = engine.RunOnce(CancellationToken.None).Single();
            fixture.Upsert(BroadcastFixture.Sku(6), "Product 6", "1", 6, "2026-03-01T10:00:01Z");
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();

            Assert.ThrowsAny<OperationCanceledException>(() => engine.RunCycle("cancelled", 2, cancellation.Token));
            var resumed = engine.RunOnce(CancellationToken.None).Single();

            Assert.Equal(5, first.Delivered);
            Assert.Equal(1, resumed.Delivered);
            Assert.Equal(6, BroadcastFixture.ReadAll(shop).Count);
        }

        [Fact]
        public void Target_in_source_file_receives_changes()
        {
            for (var i = 1; i <= 5; i++)
            {
                fixture.Upsert(BroadcastFixture.Sku(i), "Product " + i, "1.50", i, "2026-03-01T10:00:00Z");
            }

            var copy = new SqliteEndpoint(
                new EndpointOptions("copy", BuiltInSchemas.Product),
                new SqliteEndpointOptions(fixture.SourcePath) { Table = "product_copies", CreateTable = true });
            var shop = fixture.SqliteTarget("shop");
            var engine = Engine(new BroadcastOptions("same-file", fixture.Source(), new Endpoint[] { copy, shop }) { BatchSize = 2 });

            var results = engine.RunOnce(CancellationToken.None);

            Assert.Equal(new[] { 5, 5 }, results.Select(r => r.Delivered));
            Assert.Equal(new[] { 0L, 0L }, results.Select(r => r.Lag));
            Assert.Equal(5, BroadcastFixture.ReadAll(copy).Count);
            Assert.Equal(5, BroadcastFixture.ReadAll(shop).Count);
        }

        [Fact]
        public void Failed_detection_stops_waiting_deliveries()
        {
            for (var i = 1; i <= 5; i++)
            {
                fixture.Upsert(BroadcastFixture.Sku(i), "Product " + i, "1.50", i, "2026-03-01T10:00:00Z");
            }

            var shop = fixture.SqliteTarget("shop");
            var failing = new FailingSource(fixture.Source(), failAfter: 3);
            var options = new BroadcastOptions("failed-read", failing, new[] { shop }) { BatchSize = 2 };

            var error = Assert.Throws<IOException>(() => Engine(options).RunOnce(CancellationToken.None));
            var outboxAfterFailure = OutboxCountOf("failed-read");
            var rerun = Engine(new BroadcastOptions("failed-read", fixture.Source(), new[] { shop }) { BatchSize = 2 }).RunOnce(CancellationToken.None).Single();

            Assert.Equal("The source went away.", error.Message);
            Assert.Equal(0L, outboxAfterFailure);
            Assert.Equal(5, rerun.Delivered);
            Assert.Equal(0L, rerun.Lag);
            Assert.Equal(5, BroadcastFixture.ReadAll(shop).Count);
        }

        private BroadcastEngine Engine(BroadcastOptions options)
        {
            options.StatePath = fixture.StatePath;
            return new BroadcastEngine(options);
        }

        private long OutboxCountOf(string jobName)
        {
            using var store = StateStore.Open(fixture.StatePath);
            return (long)store.Scalar("SELECT COUNT(*) FROM outbox WHERE job_name = @job", null, ("@job", jobName))!;
        }

        /// <summary>A source whose read throws after some records, as a connection that drops does.</summary>
        private sealed class FailingSource : Endpoint
        {
            private readonly Endpoint inner;
            private readonly int failAfter;

            public FailingSource(Endpoint inner, int failAfter)
                : base(inner.Options)
            {
                this.inner = inner;
                this.failAfter = failAfter;
            }

            public override string Kind => "Failing";

            public override string Location => inner.Location;

            public override EndpointCapabilities Capabilities => inner.Capabilities;

            public override IRecordWriter OpenWriter() => inner.OpenWriter();

            protected override IEnumerable<ReadItem> ReadRecords(DateTimeOffset? since, CancellationToken cancellationToken)
            {
                var read = 0;
                foreach (var item in inner.Read(since, cancellationToken))
                {
                    if (read++ == failAfter)
                    {
                        throw new IOException("The source went away.");
                    }

                    yield return item;
                }
            }
        }

        private long OutboxCount()
        {
            using var store = StateStore.Open(fixture.StatePath);
            return (long)store.Scalar("SELECT COUNT(*) FROM outbox")!;
        }
    }
}
