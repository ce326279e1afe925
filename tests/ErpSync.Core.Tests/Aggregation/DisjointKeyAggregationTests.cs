using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Patterns.Aggregation;
using ErpSync.Core.Records;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.Core.Tests.Aggregation
{
    /// <summary>
    /// Sources whose key prefixes keep their keys apart are merged and written while they are read.
    /// These tests pin that such runs end exactly as runs that read every source first.
    /// </summary>
    public sealed class DisjointKeyAggregationTests : IDisposable
    {
        private readonly AggregationFixture streamed = new AggregationFixture();
        private readonly AggregationFixture readFirst = new AggregationFixture();

        public void Dispose()
        {
            streamed.Dispose();
            readFirst.Dispose();
        }

        [Theory]
        [InlineData("EU-", "US-", true)]
        [InlineData("eu-", "EU-", false)]
        [InlineData("EU", "EU-", false)]
        [InlineData("1", "2", false)]
        [InlineData(" ", "US-", false)]
        [InlineData(null, "US-", false)]
        public void Prefixes_decide_whether_keys_are_disjoint(string? first, string? second, bool expected)
        {
            var sources = new List<MergeSource>
            {
                new MergeSource(AggregationFixture.OrderCsv("eu", "eu.csv"), 0, first),
                new MergeSource(AggregationFixture.OrderCsv("us", "us.csv"), 1, second),
            };

            Assert.Equal(expected, DisjointKeys.Hold(sources));
        }

        [Fact]
        public void Single_source_keys_are_disjoint()
        {
            var sources = new List<MergeSource> { new MergeSource(AggregationFixture.OrderCsv("eu", "eu.csv"), 0, null) };

            Assert.True(DisjointKeys.Hold(sources));
        }

        [Fact]
        public void Streamed_runs_match_runs_that_read_first()
        {
            var first = RunBoth(fixture => PrefixedOrders(fixture));
            Edit(streamed);
            Edit(readFirst);
            var second = RunBoth(fixture =>
            {
                var options = PrefixedOrders(fixture);
                options.PropagateDeletes = true;
                return options;
            });

            Assert.Equal(10, first.Streamed.Result.Created);
            Assert.Equal(1, second.Streamed.Result.Updated);
            Assert.Equal(1, second.Streamed.Result.Deleted);
            Assert.Equal(8, second.Streamed.Result.Unchanged);
            foreach (var (streamedRun, readFirstRun) in new[] { first, second })
            {
                Assert.Equal(readFirstRun.Result.ToString(), streamedRun.Result.ToString());
                Assert.Equal(readFirstRun.Result.Read, streamedRun.Result.Read);
                Assert.Equal(Describe(readFirstRun.Changes), Describe(streamedRun.Changes));
                Assert.Equal(Sorted(readFirstRun.Messages, readFirst), Sorted(streamedRun.Messages, streamed));
            }

            Assert.Equal(StoredRows(readFirst), StoredRows(streamed));
            Assert.Equal(Baselines(readFirst), Baselines(streamed));
            Assert.Equal(9, Baselines(streamed).Count);
        }

        [Fact]
        public void Streamed_runs_with_rules_match()
        {
            var (streamedRun, readFirstRun) = RunBoth(fixture =>
            {
                var options = PrefixedOrders(fixture);
                options.Rules["Total"] = MergeRule.Sum;
                options.Rules["Status"] = MergeRule.Concat;
                return options;
            });

            Assert.Equal(10, streamedRun.Result.Created);
            Assert.Equal(Describe(readFirstRun.Changes), Describe(streamedRun.Changes));
            Assert.Equal(StoredRows(readFirst), StoredRows(streamed));
            Assert.Equal(Baselines(readFirst), Baselines(streamed));
            Assert.Equal(128.50m, ReadOrders(streamed)["EU-1001"]["Total"]);
        }

        [Fact]
        public void Streamed_pipeline_records_keep_their_lineage()
        {
            var (streamedRun, readFirstRun) = RunBoth(fixture =>
            {
                var options = PrefixedOrders(fixture);
                options.Target = null;
                return options;
            });

            Assert.Equal(10, streamedRun.Records.Count);
            Assert.Equal(
                readFirstRun.Records.Select(Render).OrderBy(r => r, StringComparer.Ordinal),
                streamedRun.Records.Select(Render).OrderBy(r => r, StringComparer.Ordinal));
            Assert.Equal("us", streamedRun.Records.Single(r => r.Key.ToString() == "US-1001").Lineage!["Total"]);
        }

        [Fact]
        public void Target_with_other_columns_compares_values()
        {
            AggregationFixture.Run(PrefixedOrders(streamed));
            Execute(streamed.DatabasePath, "ALTER TABLE shop_orders ADD COLUMN Note TEXT; UPDATE shop_orders SET Note = 'checked'");
            Edit(streamed);

            var second = AggregationFixture.Run(PrefixedOrders(streamed));

            Assert.Empty(second.Errors);
            Assert.Equal(1, second.Result.Updated);
            Assert.Equal(8, second.Result.Unchanged);
            Assert.Equal(1, second.Result.Orphaned);
            Assert.Equal("US-1002", Assert.Single(second.Changes, c => c.Action == AggregateAction.Updated).Key);
            var stored = ReadOrders(streamed);
            Assert.Equal("delivered", stored["US-1002"]["Status"]);
            Assert.Equal("checked", stored["US-1002"]["Note"]);
        }

        [Fact]
        public void Missing_source_fails_before_any_write()
        {
            var options = PrefixedOrders(streamed);
            File.Delete(Path.Combine(streamed.Folder, "shop-us-orders.csv"));
            options.BatchSize = 1;

            var error = Assert.Throws<ErpSyncException>(() => AggregationFixture.Run(options));

            Assert.Equal(ErrorIds.FileNotFound, error.ErrorId);
            Assert.Empty(ReadOrders(streamed));
        }

        [Fact]
        public void Sources_in_target_file_merge_fully()
        {
            var eu = CopyToTable(streamed, "eu", "eu_orders", "shop-eu-orders.csv");
            var us = CopyToTable(streamed, "us", "us_orders", "shop-us-orders.csv");
            var options = streamed.Options(streamed.OrderTable(), eu, us);
            options.KeyPrefixes["eu"] = "EU-";
            options.KeyPrefixes["us"] = "US-";

            var run = AggregationFixture.Run(options);

            Assert.Empty(run.Errors);
            Assert.Equal(10, run.Result.Created);
            Assert.Equal(10, ReadOrders(streamed).Count);
        }

        private (AggregationRun Streamed, AggregationRun ReadFirst) RunBoth(Func<AggregationFixture, AggregationOptions> configure)
        {
            var streamedRun = AggregationFixture.Run(configure(streamed));
            var readFirstOptions = configure(readFirst);
            readFirstOptions.ReadAllSourcesFirst = true;
            var readFirstRun = AggregationFixture.Run(readFirstOptions);
            return (streamedRun, readFirstRun);
        }

        private static AggregationOptions PrefixedOrders(AggregationFixture fixture)
        {
            var options = fixture.Options(
                fixture.OrderTable(),
                AggregationFixture.OrderCsv("eu", Path.Combine(fixture.Folder, "shop-eu-orders.csv")),
                AggregationFixture.OrderCsv("us", Path.Combine(fixture.Folder, "shop-us-orders.csv")));
            options.KeyPrefixes["eu"] = "EU-";
            options.KeyPrefixes["us"] = "US-";
            options.JobName = "orders";
            foreach (var file in new[] { "shop-eu-orders.csv", "shop-us-orders.csv" })
            {
                if (!File.Exists(Path.Combine(fixture.Folder, file)))
                {
                    fixture.CopySample(Path.Combine("fixtures", file));
                }
            }

            return options;
        }

        /// <summary>Changes the status of order 1002 of the shop us and removes order 1003 of the shop eu.</summary>
        private static void Edit(AggregationFixture fixture)
        {
            var usPath = Path.Combine(fixture.Folder, "shop-us-orders.csv");
            File.WriteAllText(usPath, File.ReadAllText(usPath).Replace("USD,342.10,shipped", "USD,342.10,delivered"));
            var euPath = Path.Combine(fixture.Folder, "shop-eu-orders.csv");
            File.WriteAllLines(euPath, File.ReadAllLines(euPath).Where(l => !l.StartsWith("1003,", StringComparison.Ordinal)));
        }

        private static Endpoint CopyToTable(AggregationFixture fixture, string name, string table, string csv)
        {
            var source = AggregationFixture.OrderCsv(name, Path.Combine(AggregationFixture.Samples, "fixtures", csv));
            var endpoint = new SqliteEndpoint(
                new EndpointOptions(name, BuiltInSchemas.Order),
                new SqliteEndpointOptions(fixture.DatabasePath) { Table = table, CreateTable = true });
            using var session = new WriteSession(endpoint, 100);
            foreach (var item in source.Read())
            {
                session.Add(WriteOperation.Insert(item.Record!), default);
            }

            session.Complete(default);
            return endpoint;
        }

        private static List<string> Describe(IEnumerable<ErpAggregateChange> changes) =>
            changes.Select(c => $"{c.Key} {c.Action} {(c.Record == null ? "-" : Render(c.Record))}").OrderBy(c => c, StringComparer.Ordinal).ToList();

        // The closing line names the run id and its duration, and the others the fixture's folder, which differ between any two runs.
        private static List<string> Sorted(IEnumerable<string> messages, AggregationFixture fixture) =>
            messages
                .Where(m => !m.StartsWith("Run ", StringComparison.Ordinal))
                .Select(m => m.Replace(fixture.Folder, "<folder>"))
                .OrderBy(m => m, StringComparer.Ordinal)
                .ToList();

        private static string Render(ErpRecord record) =>
            record.Key + ": " + string.Join(", ", record.Fields.Select(f => $"{f.Key}={CanonicalValue.Of(f.Value)}")) +
            " from " + string.Join(", ", (record.Lineage ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

        private static List<string> StoredRows(AggregationFixture fixture) =>
            ReadOrders(fixture).Values.Select(Render).OrderBy(r => r, StringComparer.Ordinal).ToList();

        private static Dictionary<string, ErpRecord> ReadOrders(AggregationFixture fixture) =>
            fixture.OrderTable().Read().Select(i => i.Record!).ToDictionary(r => r.Key.ToString());

        private static List<string> Baselines(AggregationFixture fixture)
        {
            using var connection = new SqliteConnection($"Data Source={fixture.StatePath};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT job_name, record_key, display_key, hash FROM baselines ORDER BY record_key";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)} {reader.GetString(3)}");
            }

            return rows;
        }

        private static void Execute(string databasePath, string sql)
        {
            using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
