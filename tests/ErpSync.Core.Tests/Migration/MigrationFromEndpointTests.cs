using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Patterns.Migration;
using ErpSync.Core.Records;
using ErpSync.Core.State;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.Core.Tests.Migration
{
    /// <summary>
    /// Pins <see cref="MigrationEngine.Run(Endpoint, long?, CancellationToken)"/>, which reads the source
    /// ahead on a second thread and finds duplicate keys in the target index instead of in the read.
    /// </summary>
    public sealed class MigrationFromEndpointTests : IDisposable
    {
        private const string Job = "migrate:endpoint-test";
        private readonly string folder;
        private readonly StateStore store;

        public MigrationFromEndpointTests()
        {
            folder = Path.Combine(Path.GetTempPath(), "erpsync-migration-endpoint-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            store = StateStore.Open(Path.Combine(folder, "state.db"));
        }

        public void Dispose()
        {
            store.Dispose();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        [Fact]
        public void Source_duplicate_gives_the_read_check_error()
        {
            var source = Csv("source.csv", "Sku,Name,Price", "A-1,Apple,1.50", "B-2,Bread,2", "a-1,Again,2");
            var expected = source.Read().Single(item => item.Record == null).Error!;
            var rejected = new List<RecordError>();

            var result = Migrate(source, SqliteTarget(), rejected);

            Assert.Equal(3, result.Read);
            Assert.Equal(2, result.Created);
            Assert.Equal(1, result.Rejected);
            var error = Assert.Single(rejected);
            Assert.Equal(ErrorIds.KeyDuplicate, error.ErrorId);
            Assert.Equal("The key 'a-1' was already read at line 2. Each key may appear once; remove or merge the duplicate. This row was skipped.", error.Message);
            Assert.Equal(expected.Message, error.Message);
            Assert.Equal(4, error.Position);
            Assert.Equal("line", error.PositionLabel);
            Assert.Equal("a-1", error.Key);
            Assert.Equal(expected.Source, error.Source);
            Assert.Equal(expected.Kind, error.Kind);
            Assert.Equal("a-1", Assert.IsType<ErpRecord>(error.Target).Key.ToString());
            Assert.Equal(new[] { "A-1|Apple|1.5", "B-2|Bread|2" }, TargetRows());
        }

        [Fact]
        public void Source_duplicate_of_target_key_names_first_line()
        {
            Migrate(Csv("first.csv", "Sku,Name,Price", "A-1,Apple,1.50"), SqliteTarget());
            var rejected = new List<RecordError>();

            var result = Migrate(Csv("second.csv", "Sku,Name,Price", "B-2,Bread,2", "A-1,Apple,1.75", "a-1,Again,3"), SqliteTarget(), rejected);

            Assert.Equal(1, result.Created);
            Assert.Equal(1, result.Updated);
            Assert.Equal(1, result.Rejected);
            var error = Assert.Single(rejected);
            Assert.Equal("The key 'a-1' was already read at line 3. Each key may appear once; remove or merge the duplicate. This row was skipped.", error.Message);
            Assert.Equal(4, error.Position);
            Assert.Equal(new[] { "A-1|Apple|1.75", "B-2|Bread|2" }, TargetRows());
        }

        [Fact]
        public void Target_duplicate_row_skipped()
        {
            var target = Csv("shop.csv", "Sku,Name,Price", "A-1,Apple,1.50", "a-1,Other,9", "B-2,Bread,2");
            var messages = new List<string>();

            var result = Migrate(Csv("source.csv", "Sku,Name,Price", "A-1,Apple,1.5", "B-2,Bread,2"), target, verbose: messages, whatIf: true);

            Assert.Equal(2, result.Unchanged);
            Assert.Equal(0, result.Updated);
            Assert.Contains(messages, m => m.StartsWith("Read 2 keys from the Csv endpoint 'shop'", StringComparison.Ordinal) && m.Contains("; 1 target rows without a usable key were skipped.", StringComparison.Ordinal));
        }

        [Fact]
        public void Source_that_is_also_target_reads_in_turn()
        {
            Migrate(Csv("first.csv", "Sku,Name,Price", "A-1,Apple,1.50", "B-2,Bread,2"), SqliteTarget());
            var endpoint = SqliteTarget();

            var result = Migrate(endpoint, endpoint);

            Assert.Equal(2, result.Read);
            Assert.Equal(2, result.Unchanged);
            Assert.Equal(0, result.Created);
            Assert.Equal(new[] { "A-1|Apple|1.5", "B-2|Bread|2" }, TargetRows());
        }

        [Fact]
        public void Late_read_error_rejected_in_place()
        {
            var lines = new List<string> { "Sku,Name,Price" };
            lines.AddRange(Enumerable.Range(1, 5000).Select(i => $"K-{i},Item {i},{i}.50"));
            lines.Add("K-bad,Broken,not-a-price");
            lines.AddRange(Enumerable.Range(5001, 10).Select(i => $"K-{i},Item {i},{i}"));
            var rejected = new List<RecordError>();

            var result = Migrate(Csv("large.csv", lines.ToArray()), SqliteTarget(), rejected, batchSize: 500);

            Assert.Equal(5011, result.Read);
            Assert.Equal(5010, result.Created);
            var error = Assert.Single(rejected);
            Assert.Equal(5002, error.Position);
            Assert.Equal(5010, TargetRows().Count);
        }

        private ErpMigrationResult Migrate(
            Endpoint source,
            Endpoint target,
            List<RecordError>? rejected = null,
            List<string>? verbose = null,
            bool whatIf = false,
            int batchSize = 2)
        {
            var options = new MigrationOptions(Job) { BatchSize = batchSize, WhatIf = whatIf };
            using var engine = new MigrationEngine(target, options, whatIf ? null : store);
            engine.Rejected += e => rejected?.Add(e);
            engine.Verbose += m => verbose?.Add(m);
            return engine.Run(source, null, CancellationToken.None);
        }

        private CsvEndpoint Csv(string name, params string[] lines)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, string.Join("\n", lines) + "\n");
            return new CsvEndpoint(new EndpointOptions(Path.GetFileNameWithoutExtension(name), BuiltInSchemas.Product), new CsvEndpointOptions(path));
        }

        private SqliteEndpoint SqliteTarget() =>
            new SqliteEndpoint(
                new EndpointOptions("target", BuiltInSchemas.Product),
                new SqliteEndpointOptions(Path.Combine(folder, "target.db")) { Table = "products", CreateTable = true });

        private List<string> TargetRows()
        {
            using var connection = new SqliteConnection("Data Source=" + Path.Combine(folder, "target.db") + ";Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Sku, Name, Price FROM products ORDER BY Sku";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add($"{reader.GetString(0)}|{reader.GetString(1)}|{reader.GetString(2)}");
            }

            return rows;
        }
    }
}
