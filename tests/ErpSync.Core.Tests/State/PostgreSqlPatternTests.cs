using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Patterns.Aggregation;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;
using ErpSync.Core.State;
using ErpSync.Core.Tests.Aggregation;
using ErpSync.Core.Tests.Broadcast;
using ErpSync.Core.Tests.Synchronization;
using Xunit;

namespace ErpSync.Core.Tests.State
{
    /// <summary>
    /// Runs the sync, broadcast and aggregation engines once with the state in a SQLite file and once
    /// in PostgreSQL, and checks that both give the same counts, endpoint contents and state.
    /// </summary>
    public sealed class PostgreSqlPatternTests : IDisposable
    {
        private readonly PostgreSqlStateDatabase database = new PostgreSqlStateDatabase();

        public void Dispose() => database.Dispose();

        [SkippableFact]
        public void Bidirectional_sync_matches_sqlite()
        {
            Skip.IfNot(database.Available, PostgreSqlStateDatabase.SkipReason);

            List<string> onSqlite;
            using (var fixture = new SyncFixture())
            {
                onSqlite = SyncScenario(fixture, fixture.StatePath);
            }

            List<string> onPostgres;
            using (var fixture = new SyncFixture())
            {
                onPostgres = SyncScenario(fixture, database.ConnectionString!);
            }

            Assert.Equal(onSqlite, onPostgres);
            Assert.StartsWith("first: Adopted=2 Conflicts=0 CreatedLeft=0 CreatedRight=0 ", onPostgres[0]);
            Assert.StartsWith("second: Adopted=0 Conflicts=1 CreatedLeft=0 CreatedRight=1 ", onPostgres[1]);
            Assert.Contains("conflict: ann@x.test Open", onPostgres);
            Assert.Contains("left: ann@x.test=Ann|999|Paris bob@x.test=Bob|222|Rome cid@x.test=Cid|333|Lima", onPostgres);
            Assert.Contains("right: ann@x.test=Ann|999|Paris bob@x.test=Bob|222|Rome cid@x.test=Cid|333|Lima", onPostgres);
            Assert.Contains("state: baselines=3 conflicts=1", onPostgres);
            Assert.DoesNotContain(database.AllStateText(), text => text.Contains(database.Password));
        }

        [SkippableFact]
        public void Broadcast_matches_sqlite()
        {
            Skip.IfNot(database.Available, PostgreSqlStateDatabase.SkipReason);

            List<string> onSqlite;
            using (var fixture = new BroadcastFixture())
            {
                onSqlite = BroadcastScenario(fixture, fixture.StatePath);
            }

            List<string> onPostgres;
            using (var fixture = new BroadcastFixture())
            {
                onPostgres = BroadcastScenario(fixture, database.Uri);
            }

            Assert.Equal(onSqlite, onPostgres);
            Assert.Contains("cycle 1 shop: Delivered=3 Failed=0 DeadLettered=0", onPostgres);
            Assert.Contains("cycle 2 feed: Delivered=1 Failed=0 DeadLettered=0", onPostgres);
            Assert.Contains("feed: NW-0001=12.50 NW-0002=19.00 NW-0003=7.25", onPostgres);
            Assert.Contains("state: outbox=4 cursors=2", onPostgres);
            Assert.Contains("sequences: 4", onPostgres);
            Assert.DoesNotContain(database.AllStateText(), text => text.Contains(database.Password));
        }

        [SkippableFact]
        public void Aggregation_matches_sqlite()
        {
            Skip.IfNot(database.Available, PostgreSqlStateDatabase.SkipReason);

            List<string> onSqlite;
            using (var fixture = new AggregationFixture())
            {
                onSqlite = AggregationScenario(fixture, fixture.StatePath);
            }

            List<string> onPostgres;
            using (var fixture = new AggregationFixture())
            {
                onPostgres = AggregationScenario(fixture, database.ConnectionString!);
            }

            Assert.Equal(onSqlite, onPostgres);
            Assert.Contains("target: NW-001=200 NW-002=50.75 NW-003=0 NW-004=7", onPostgres);
            Assert.Contains("state: baselines=4", onPostgres);
            Assert.StartsWith("run 2: Created=0 Deleted=0 ", onPostgres[1]);
        }

        /// <summary>Adopts two customers, changes both sides with one conflict, resolves it and syncs again.</summary>
        private static List<string> SyncScenario(SyncFixture fixture, string stateLocation)
        {
            var transcript = new List<string>();
            var options = new SyncOptions { ConflictPolicy = ConflictPolicy.Manual };
            options.ExcludedFields.Add("ModifiedAt");
            fixture.WriteLeft("ann@x.test,Ann,111,Oslo,", "bob@x.test,Bob,222,Rome,");
            fixture.WriteRight("ann@x.test,Ann,111,Oslo,", "bob@x.test,Bob,222,Rome,");
            transcript.Add("first: " + Counts(Sync(fixture, stateLocation, options)));

            fixture.ExecuteLeft("UPDATE customers SET City = 'Bergen' WHERE Email = 'ann@x.test'");
            fixture.ExecuteLeft("INSERT INTO customers VALUES ('cid@x.test', 'Cid', '333', 'Lima', NULL)");
            fixture.WriteRight("ann@x.test,Ann,999,Paris,", "bob@x.test,Bob,222,Rome,");
            transcript.Add("second: " + Counts(Sync(fixture, stateLocation, options)));

            using (var store = StateStore.Open(stateLocation))
            {
                var conflicts = new ConflictStore(store);
                foreach (var conflict in conflicts.List(null))
                {
                    transcript.Add($"conflict: {conflict.Key} {conflict.Status}");
                    conflicts.Resolve(conflict.ConflictId, ConflictChoice.Right, null);
                }
            }

            transcript.Add("third: " + Counts(Sync(fixture, stateLocation, options)));
            transcript.Add("fourth: " + Counts(Sync(fixture, stateLocation, options)));
            transcript.Add("left: " + string.Join(" ", SyncFixture.Snapshot(fixture.Left()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
            transcript.Add("right: " + string.Join(" ", SyncFixture.Snapshot(fixture.Right()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
            using (var store = StateStore.Open(stateLocation))
            {
                transcript.Add($"state: baselines={store.Scalar("SELECT COUNT(*) FROM baselines")} conflicts={store.Scalar("SELECT COUNT(*) FROM conflicts")}");
                transcript.Add("runs: " + string.Join(",", new RunLog(store).List(null, 10).Select(r => r.Status)));
            }

            return transcript;
        }

        private static ErpSyncResult Sync(SyncFixture fixture, string stateLocation, SyncOptions options)
        {
            using var store = StateStore.Open(stateLocation);
            return new SyncEngine(fixture.Left(), fixture.Right(), store, options).Run();
        }

        /// <summary>Broadcasts three products to a table and a CSV feed, then one price change.</summary>
        private static List<string> BroadcastScenario(BroadcastFixture fixture, string stateLocation)
        {
            var transcript = new List<string>();
            fixture.Upsert(BroadcastFixture.Sku(1), "Chai", "18.00", 39, "2024-01-01T00:00:00Z");
            fixture.Upsert(BroadcastFixture.Sku(2), "Chang", "19.00", 17, "2024-01-01T00:00:00Z");
            fixture.Upsert(BroadcastFixture.Sku(3), "Syrup", "7.25", 13, "2024-01-01T00:00:00Z");
            var shop = fixture.SqliteTarget("shop");
            var feed = fixture.CsvTarget("feed");
            BroadcastEngine Engine() => new BroadcastEngine(new BroadcastOptions("stock", fixture.Source(), new Endpoint[] { shop, feed }) { StatePath = stateLocation });

            foreach (var result in Engine().RunOnce(CancellationToken.None))
            {
                transcript.Add($"cycle 1 {result.Target}: Delivered={result.Delivered} Failed={result.Failed} DeadLettered={result.DeadLettered}");
            }

            fixture.Upsert(BroadcastFixture.Sku(1), "Chai", "12.50", 39, "2024-02-01T00:00:00Z");
            foreach (var result in Engine().RunOnce(CancellationToken.None))
            {
                transcript.Add($"cycle 2 {result.Target}: Delivered={result.Delivered} Failed={result.Failed} DeadLettered={result.DeadLettered}");
            }

            foreach (var target in new Endpoint[] { shop, feed })
            {
                var records = BroadcastFixture.ReadAll(target);
                transcript.Add($"{target.Name}: " + string.Join(" ", records.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Format(p.Value["Price"])}")));
            }

            using (var store = StateStore.Open(stateLocation))
            {
                transcript.Add($"state: outbox={store.Scalar("SELECT COUNT(*) FROM outbox")} cursors={store.Scalar("SELECT COUNT(*) FROM cursors")}");
                transcript.Add("sequences: " + store.Scalar("SELECT MAX(sequence) FROM cursors"));
            }

            return transcript;
        }

        /// <summary>Sums the stock of two warehouses into a CSV target, twice.</summary>
        private static List<string> AggregationScenario(AggregationFixture fixture, string stateLocation)
        {
            var transcript = new List<string>();
            var schema = BuiltInSchemas.InventoryLevel.WithKey(new[] { "Sku" });
            var north = AggregationFixture.Csv("north", fixture.WriteFile("north.csv", "sku,location,quantity\nNW-001,NORTH,120\nNW-002,NORTH,35.5\nNW-003,NORTH,0\n"), schema);
            var south = AggregationFixture.Csv("south", fixture.WriteFile("south.csv", "sku,location,quantity\nNW-001,SOUTH,80\nNW-002,SOUTH,15.25\nNW-004,SOUTH,7\n"), schema);
            var targetPath = fixture.WriteFile("stock.csv", "sku,location,quantity\n");
            for (var run = 1; run <= 2; run++)
            {
                var target = AggregationFixture.Csv("stock", targetPath, schema);
                var options = fixture.Options(target, north, south);
                options.StatePath = stateLocation;
                options.Rules["Quantity"] = MergeRule.Sum;
                options.Rules["Location"] = MergeRule.Concat;
                var result = AggregationFixture.Run(options);
                transcript.Add($"run {run}: " + Counts(result.Result));
            }

            var written = BroadcastFixture.ReadAll(AggregationFixture.Csv("stock", targetPath, schema));
            transcript.Add("target: " + string.Join(" ", written.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Format(p.Value["Quantity"])}")));
            using (var store = StateStore.Open(stateLocation))
            {
                transcript.Add($"state: baselines={store.Scalar("SELECT COUNT(*) FROM baselines")}");
            }

            return transcript;
        }

        /// <summary>Lists the count properties of a result as Name=value, in name order; ids, times and paths differ between runs and are left out.</summary>
        private static string Counts(object result) =>
            string.Join(" ", result.GetType().GetProperties()
                .Where(p => p.PropertyType == typeof(int) || p.PropertyType == typeof(long))
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => $"{p.Name}={p.GetValue(result)}"));

        private static string Format(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";
    }
}
