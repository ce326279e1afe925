using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ErpSync.Core;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Mapping;
using ErpSync.Core.Patterns.Migration;
using ErpSync.Core.Records;
using ErpSync.Core.State;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.Core.Tests.Migration
{
    public sealed class MigrationEngineTests : IDisposable
    {
        private const string Job = "migrate:test";
        private readonly string folder;
        private readonly StateStore store;

        public MigrationEngineTests()
        {
            folder = Path.Combine(Path.GetTempPath(), "erpsync-migration-" + Guid.NewGuid().ToString("N"));
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
        public void Upsert_creates_all_records_into_empty_target()
        {
            var source = Csv("source.csv", "Sku,Name,Price", "A-1,Apple,1.50", "B-2,Bread,2.25", "C-3,Cheese,7");

            var result = Migrate(source, SqliteTarget());

            Assert.Equal(RunStatus.Succeeded, result.Status);
            Assert.Equal(3, result.Read);
            Assert.Equal(3, result.Created);
            Assert.Equal(0, result.Updated);
            Assert.Equal(0, result.Unchanged);
            Assert.Equal(new[] { "A-1|Apple|1.5", "B-2|Bread|2.25", "C-3|Cheese|7" }, TargetRows());
        }

        [Fact]
        public void Rerun_of_finished_migration_reports_all_unchanged()
        {
            var source = Csv("source.csv", "Sku,Name,Price", "A-1,Apple,1.50", "B-2,Bread,2.25", "C-3,Cheese,7");
            Migrate(source, SqliteTarget());

            var result = Migrate(source, SqliteTarget());

            Assert.Equal(0, result.Created);
            Assert.Equal(0, result.Updated);
            Assert.Equal(3, result.Unchanged);
            Assert.Null(new Checkpoints(store).Get(Job));
        }

        [Fact]
        public void Upsert_updates_only_changed_records()
        {
            Migrate(Csv("first.csv", "Sku,Name,Price", "A-1,Apple,1.50", "B-2,Bread,2.25"), SqliteTarget());

            var changes = new List<ErpMigrationChange>();
            var result = Migrate(Csv("second.csv", "Sku,Name,Price", "A-1,Apple,1.75", "B-2,Bread,2.25", "C-3,Cheese,7"), SqliteTarget(), changes: changes);

            Assert.Equal(1, result.Created);
            Assert.Equal(1, result.Updated);
            Assert.Equal(1, result.Unchanged);
            var update = Assert.Single(changes, c => c.Action == "Updated");
            Assert.Equal("A-1", update.Key);
            Assert.Equal(new[] { "Price" }, update.ChangedFields);
            Assert.Equal(new[] { "A-1|Apple|1.75", "B-2|Bread|2.25", "C-3|Cheese|7" }, TargetRows());
        }

        [Fact]
        public void Unchanged_when_decimal_differs_only_in_trailing_zero()
        {
            var target = Csv("shop.csv", "Sku,Name,Price", "A-1,Apple,1.50");

            var result = Migrate(Csv("source.csv", "Sku,Name,Price", "A-1,Apple,1.5"), target);

            Assert.Equal(1, result.Unchanged);
            Assert.Equal(0, result.Updated);
        }

        [Fact]
        public void Unchanged_compares_only_fields_both_sides_carry()
        {
            var target = Csv("shop.csv", "Sku,Name,Price,Published", "A-1,Apple,1.50,yes");

            var result = Migrate(Csv("source.csv", "Sku,Price,Stock", "A-1,1.5,4"), target);

            Assert.Equal(1, result.Unchanged);
        }

        [Fact]
        public void Update_addresses_target_row_by_its_existing_key()
        {
            Migrate(Csv("first.csv", "Sku,Name,Price", "ab-1,Apple,1.50"), SqliteTarget());

            var result = Migrate(Csv("second.csv", "Sku,Name,Price", "AB-1,Apple,1.80"), SqliteTarget());

            Assert.Equal(0, result.Created);
            Assert.Equal(1, result.Updated);
            Assert.Equal(new[] { "AB-1|Apple|1.8" }, TargetRows());
        }

        [Fact]
        public void Insert_rejects_existing_key_with_other_values()
        {
            Migrate(Csv("first.csv", "Sku,Name,Price", "A-1,Apple,1.50", "B-2,Bread,2.25"), SqliteTarget());
            var rejected = new List<RecordError>();

            var result = Migrate(Csv("second.csv", "Sku,Name,Price", "A-1,Apple,9", "B-2,Bread,2.25", "C-3,Cheese,7"), SqliteTarget(), MigrationMode.Insert, rejected: rejected);

            Assert.Equal(RunStatus.CompletedWithErrors, result.Status);
            Assert.Equal(1, result.Created);
            Assert.Equal(1, result.Unchanged);
            Assert.Equal(1, result.Rejected);
            var error = Assert.Single(rejected);
            Assert.Equal(ErrorIds.KeyExists, error.ErrorId);
            Assert.Equal("A-1", error.Key);
            Assert.Equal(2, error.Position);
            Assert.Equal(new[] { "A-1|Apple|1.5", "B-2|Bread|2.25", "C-3|Cheese|7" }, TargetRows());
        }

        [Fact]
        public void Replace_empties_target_before_writing()
        {
            Migrate(Csv("first.csv", "Sku,Name,Price", "A-1,Apple,1.50", "Z-9,Zest,3"), SqliteTarget());

            var result = Migrate(Csv("second.csv", "Sku,Name,Price", "A-1,Apple,1.50", "B-2,Bread,2.25"), SqliteTarget(), MigrationMode.Replace);

            Assert.Equal(2, result.Created);
            Assert.Equal(0, result.Unchanged);
            Assert.Equal(new[] { "A-1|Apple|1.5", "B-2|Bread|2.25" }, TargetRows());
        }

        [Fact]
        public void WhatIf_counts_without_writing_or_recording_a_run()
        {
            Migrate(Csv("first.csv", "Sku,Name,Price", "A-1,Apple,1.50"), SqliteTarget());

            var options = new MigrationOptions(Job) { WhatIf = true };
            ErpMigrationResult result;
            using (var engine = new MigrationEngine(SqliteTarget(), options, null))
            {
                var source = Csv("second.csv", "Sku,Name,Price", "A-1,Apple,2", "B-2,Bread,2.25");
                result = engine.Run(source.Read(), source.Describe(), null, CancellationToken.None);
            }

            Assert.Equal("WhatIf", result.Status);
            Assert.Equal(string.Empty, result.RunId);
            Assert.Equal(1, result.Created);
            Assert.Equal(1, result.Updated);
            Assert.Equal(new[] { "A-1|Apple|1.5" }, TargetRows());
            Assert.Single(new RunLog(store).List(Job, 10));
        }

        [Fact]
        public void Rerun_after_partial_write_creates_only_missing_records()
        {
            Migrate(Csv("half.csv", "Sku,Name,Price", "A-1,Apple,1.50", "B-2,Bread,2.25"), SqliteTarget());
            new Checkpoints(store).Save(Job, "earlier-run", 1, 2);
            var messages = new List<string>();

            var result = Migrate(Csv("all.csv", "Sku,Name,Price", "A-1,Apple,1.50", "B-2,Bread,2.25", "C-3,Cheese,7", "D-4,Dates,4"), SqliteTarget(), verbose: messages);

            Assert.Equal(2, result.Created);
            Assert.Equal(2, result.Unchanged);
            Assert.Contains(messages, m => m.StartsWith("The previous run earlier-run of job 'migrate:test' did not finish: its checkpoint is batch 1, after 2 source records.", StringComparison.Ordinal));
            Assert.Equal(4, TargetRows().Count);
        }

        [Fact]
        public void Second_run_of_locked_job_fails_with_JobAlreadyRunning()
        {
            using var held = JobLock.Acquire(store, Job, "holder-run");

            var exception = Assert.Throws<ErpSyncException>(() => Migrate(Csv("source.csv", "Sku,Name,Price", "A-1,Apple,1.50"), SqliteTarget()));

            Assert.Equal(ErrorIds.JobAlreadyRunning, exception.ErrorId);
            Assert.Contains("run holder-run by process", exception.Message, StringComparison.Ordinal);
            Assert.Equal(RunStatus.Failed, new RunLog(store).List(Job, 1).Single().Status);
        }

        [Fact]
        public void Duplicate_key_in_source_is_rejected_once()
        {
            var rejected = new List<RecordError>();

            var result = Migrate(Csv("source.csv", "Sku,Name,Price", "A-1,Apple,1.50", "a-1,Again,2"), SqliteTarget(), rejected: rejected);

            Assert.Equal(1, result.Created);
            Assert.Equal(1, result.Rejected);
            Assert.Equal(ErrorIds.KeyDuplicate, Assert.Single(rejected).ErrorId);
        }

        [Fact]
        public void Batches_store_checkpoint_until_completion_clears_it()
        {
            var checkpoints = new List<(string, long, long)?>();
            var source = Csv("source.csv", "Sku,Name,Price", "A-1,Apple,1", "B-2,Bread,2", "C-3,Cheese,3", "D-4,Dates,4", "E-5,Eggs,5");
            var options = new MigrationOptions(Job) { BatchSize = 2 };
            using (var engine = new MigrationEngine(SqliteTarget(), options, store))
            {
                engine.Progress += _ => checkpoints.Add(new Checkpoints(store).Get(Job));
                engine.Run(source.Read(), source.Describe(), null, CancellationToken.None);
            }

            Assert.Equal(new long[] { 1, 2, 3 }, checkpoints.Where(c => c != null).Select(c => c!.Value.Item2).Distinct().ToArray());
            Assert.Null(new Checkpoints(store).Get(Job));
        }

        [Fact]
        public void Rejects_keep_source_order_with_write_behind()
        {
            CreateCheckedProducts();
            var rejected = new List<RecordError>();
            var rejectPath = Path.Combine(folder, "rejects.csv");
            var source = Csv(
                "source.csv",
                "Sku,Name,Price",
                "A-1,Apple,-1",
                "B-2,Bread,2",
                "b-2,Again,3",
                "C-3,Cheese,-5",
                "D-4,Dates,4",
                "d-4,Again,5",
                "E-5,Eggs,6");
            var options = new MigrationOptions(Job) { BatchSize = 2, RejectPath = rejectPath };

            ErpMigrationResult result;
            using (var engine = new MigrationEngine(SqliteTarget(), options, store))
            {
                engine.Rejected += e => rejected.Add(e);
                result = engine.Run(source.Read(), source.Describe(), null, CancellationToken.None);
            }

            Assert.Equal(RunStatus.CompletedWithErrors, result.Status);
            Assert.Equal(3, result.Created);
            Assert.Equal(4, result.Rejected);
            Assert.Equal(new long?[] { 2, 4, 5, 7 }, rejected.Select(e => e.Position).ToArray());
            Assert.Equal(
                new[] { ErrorIds.WriteFailed, ErrorIds.KeyDuplicate, ErrorIds.WriteFailed, ErrorIds.KeyDuplicate },
                rejected.Select(e => e.ErrorId).ToArray());
            Assert.Equal(new[] { "B-2|Bread|2", "D-4|Dates|4", "E-5|Eggs|6" }, TargetRows());
        }

        [Fact]
        public void Rejects_within_batch_keep_source_order()
        {
            CreateCheckedProducts();
            var lines = new List<string> { "Sku,Name,Price" };
            for (var i = 1; i <= 40; i++)
            {
                lines.Add($"K-{i:D2},Item {i},{(i % 7 == 0 ? "-" : string.Empty)}{i}");
                if (i % 9 == 0)
                {
                    lines.Add($"k-{i:D2},Again {i},{i}");
                }
            }

            var rejected = new List<RecordError>();
            var rejectPath = Path.Combine(folder, "rejects.csv");
            var source = Csv("source.csv", lines.ToArray());
            var options = new MigrationOptions(Job) { BatchSize = 10, RejectPath = rejectPath };

            ErpMigrationResult result;
            using (var engine = new MigrationEngine(SqliteTarget(), options, store))
            {
                engine.Rejected += e => rejected.Add(e);
                result = engine.Run(source.Read(), source.Describe(), null, CancellationToken.None);
            }

            // Line numbers count the header as line 1; a negative price or a lower-case key is rejected.
            var expected = Enumerable.Range(0, lines.Count)
                .Where(i => lines[i].Contains(",-", StringComparison.Ordinal) || lines[i].StartsWith("k-", StringComparison.Ordinal))
                .Select(i => (long)(i + 1))
                .ToArray();
            Assert.Equal(9, expected.Length);
            Assert.Equal(9, result.Rejected);
            Assert.Equal(expected, rejected.Select(e => e.Position!.Value).ToArray());
            Assert.Equal(
                expected.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                File.ReadAllLines(rejectPath).Skip(1).Select(l => l.Split(',')[0]).ToArray());
        }

        [Fact]
        public void WhatIf_writes_no_rejects_file()
        {
            var rejected = new List<RecordError>();
            var rejectPath = Path.Combine(folder, "rejects.csv");
            var source = Csv("source.csv", "Sku,Name,Price", "A-1,Apple,1", "a-1,Again,2");
            var options = new MigrationOptions(Job) { WhatIf = true, RejectPath = rejectPath };

            ErpMigrationResult result;
            using (var engine = new MigrationEngine(SqliteTarget(), options, null))
            {
                engine.Rejected += e => rejected.Add(e);
                result = engine.Run(source.Read(), source.Describe(), null, CancellationToken.None);
            }

            Assert.Equal(1, result.Rejected);
            Assert.Equal(ErrorIds.KeyDuplicate, Assert.Single(rejected).ErrorId);
            Assert.Null(result.RejectPath);
            Assert.False(File.Exists(rejectPath));
        }

        [Fact]
        public void Failed_read_counts_batch_written_behind()
        {
            var source = Csv("source.csv", "Sku,Name,Price", "A-1,Apple,1", "B-2,Bread,2", "C-3,Cheese,3");
            var options = new MigrationOptions(Job) { BatchSize = 2 };
            ErpMigrationResult result;
            using (var engine = new MigrationEngine(SqliteTarget(), options, store))
            {
                var error = Assert.Throws<InvalidOperationException>(() =>
                    engine.Run(FailAfter(source.Read(), 3), source.Describe(), null, CancellationToken.None));
                Assert.Equal("The source went away after 3 records.", error.Message);
                result = engine.Result;
            }

            Assert.Equal(RunStatus.Failed, result.Status);
            Assert.Equal(3, result.Read);
            Assert.Equal(2, result.Created);
            Assert.Equal(new[] { "A-1|Apple|1", "B-2|Bread|2" }, TargetRows());
            var run = new RunLog(store).List(Job, 1).Single();
            Assert.Equal(RunStatus.Failed, run.Status);
            Assert.Equal(2, run.Counts["Created"]);
            Assert.Equal(new long[] { 1, 2 }, new[] { new Checkpoints(store).Get(Job)!.Value.Item2, new Checkpoints(store).Get(Job)!.Value.Item3 });
        }

        /// <summary>Creates the target table with a CHECK constraint that rejects negative prices on write.</summary>
        private void CreateCheckedProducts()
        {
            using var connection = new SqliteConnection("Data Source=" + Path.Combine(folder, "target.db") + ";Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE products (Sku TEXT PRIMARY KEY, Name TEXT, Price TEXT CHECK (Price NOT LIKE '-%'))";
            command.ExecuteNonQuery();
        }

        private static IEnumerable<ReadItem> FailAfter(IEnumerable<ReadItem> items, int count)
        {
            foreach (var item in items.Take(count))
            {
                yield return item;
            }

            throw new InvalidOperationException($"The source went away after {count} records.");
        }

        private ErpMigrationResult Migrate(
            Endpoint source,
            Endpoint target,
            MigrationMode mode = MigrationMode.Upsert,
            List<RecordError>? rejected = null,
            List<ErpMigrationChange>? changes = null,
            List<string>? verbose = null)
        {
            var options = new MigrationOptions(Job) { Mode = mode, BatchSize = 2, ReportChanges = changes != null };
            using var engine = new MigrationEngine(target, options, store);
            engine.Rejected += e => rejected?.Add(e);
            engine.Changed += c => changes?.Add(c);
            engine.Verbose += m => verbose?.Add(m);
            return engine.Run(source.Read(), source.Describe(), null, CancellationToken.None);
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
