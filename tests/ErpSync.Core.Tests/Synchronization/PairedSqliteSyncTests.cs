using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;
using ErpSync.Core.State;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.Core.Tests.Synchronization
{
    /// <summary>
    /// Syncs two SQLite tables, so that both sides are read at once and a plan that needs few records
    /// reads them by key instead of reading the sides again.
    /// </summary>
    public sealed class PairedSqliteSyncTests : IDisposable
    {
        private const int Rows = 40;
        private readonly string folder = Path.Combine(Path.GetTempPath(), "erpsync-paired-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        private readonly string leftPath;
        private readonly string rightPath;
        private readonly string statePath;

        public PairedSqliteSyncTests()
        {
            Directory.CreateDirectory(folder);
            leftPath = Path.Combine(folder, "erp.db");
            rightPath = Path.Combine(folder, "shop.db");
            statePath = Path.Combine(folder, "state.db");
        }

        [Fact]
        public void Few_changes_are_read_by_key_with_positions()
        {
            WriteTable(leftPath, Customers());
            WriteTable(rightPath, Customers());
            Assert.Equal(Rows, Sync(out _).Adopted);
            Execute(leftPath, "UPDATE customers SET City = 'Bergen' WHERE Email = 'c05@x.test'");
            Execute(rightPath, "UPDATE customers SET Phone = '999' WHERE Email = 'c12@x.test'");
            Execute(leftPath, "UPDATE customers SET City = 'Left' WHERE Email = 'c30@x.test'");
            Execute(rightPath, "UPDATE customers SET City = 'Right' WHERE Email = 'c30@x.test'");

            var result = Sync(out var changes);

            Assert.Equal(2, result.UpdatedRight);
            Assert.Equal(1, result.UpdatedLeft);
            Assert.Equal(1, result.Conflicts);
            Assert.Equal(Rows - 3, result.Unchanged);
            Assert.Equal("Bergen", Value(rightPath, "c05@x.test", "City"));
            Assert.Equal("999", Value(leftPath, "c12@x.test", "Phone"));
            Assert.Equal("Left", Value(rightPath, "c30@x.test", "City"));
            Assert.Equal(new[] { "Updated Right c05@x.test", "Conflict Right c30@x.test", "Updated Left c12@x.test" }, changes.Select(c => c.ToString()));
            Assert.Equal(5, changes[0].Before!.Position);
            Assert.Equal("Oslo", changes[0].Before!["City"]);
            Assert.Equal(30, changes[1].Before!.Position);
            Assert.Equal(12, changes[2].Before!.Position);
            Assert.Equal(0, Sync(out _).UpdatedLeft + Sync(out _).UpdatedRight);
        }

        [Fact]
        public void Key_missed_by_query_uses_full_read()
        {
            // Without a declared type, the column keeps the integer, which a text parameter does not equal.
            WriteTable(leftPath, Customers().Append((12345L, "Int")), untyped: true);
            WriteTable(rightPath, Customers().Append(("12345", "Int")));
            Assert.Equal(Rows + 1, Sync(out _).Adopted);
            Execute(leftPath, "UPDATE customers SET City = 'Bergen' WHERE Email = 12345");

            var result = Sync(out var changes);

            Assert.Equal(1, result.UpdatedRight);
            Assert.Equal(0, result.Rejected);
            Assert.Equal("Bergen", Value(rightPath, "12345", "City"));
            Assert.Equal(Rows + 1, Assert.Single(changes).Before!.Position);
        }

        [Fact]
        public void Right_read_failures_come_after_left_ones()
        {
            WriteTable(leftPath, Customers());
            WriteTable(rightPath, Customers());
            Execute(leftPath, "UPDATE customers SET ModifiedAt = 'left-bad' WHERE Email IN ('c03@x.test', 'c20@x.test')");
            Execute(rightPath, "UPDATE customers SET ModifiedAt = 'right-bad' WHERE Email = 'c01@x.test'");
            var errors = new List<RecordError>();

            var result = Sync(out _, errors.Add);

            Assert.Equal(new long?[] { 3, 20, 1 }, errors.Select(e => e.Position));
            Assert.Equal(new[] { "c03@x.test", "c20@x.test", "c01@x.test" }, errors.Select(e => e.Key));
            Assert.Equal(Rows - 3, result.Adopted);
        }

        [Fact]
        public void Repeated_keys_rejected_like_endpoint_check()
        {
            WriteTable(leftPath, Customers().Append(("C05@x.test", "Other")), untyped: true);
            var right = Customers().ToList();
            right.Insert(1, ("c01@x.test", "Other"));
            WriteTable(rightPath, right, untyped: true);
            var errors = new List<RecordError>();

            var result = Sync(out _, errors.Add);

            // A key with a rejected row is left alone on both sides, as for any row that failed to read.
            Assert.Equal(Rows - 2, result.Adopted);
            Assert.Equal(2, result.Rejected);
            Assert.Equal(new long?[] { 41, 2 }, errors.Select(e => e.Position));
            Assert.All(errors, e => Assert.Equal(ErrorIds.KeyDuplicate, e.ErrorId));
            Assert.Equal("The key 'C05@x.test' was already read at row 5. Each key may appear once; remove or merge the duplicate. This row was skipped.", errors[0].Message);
            Assert.Equal("The key 'c01@x.test' was already read at row 1. Each key may appear once; remove or merge the duplicate. This row was skipped.", errors[1].Message);
            var endpointErrors = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.Customer), new SqliteEndpointOptions(leftPath) { Table = "customers" })
                .Read().Where(i => i.IsError).Select(i => i.Error!.Message);
            Assert.Equal(errors[0].Message, Assert.Single(endpointErrors));
            Assert.Equal("Name 5", Value(rightPath, "c05@x.test", "Name"));
        }

        [Fact]
        public void Keys_only_one_side_has_keep_read_order()
        {
            WriteTable(leftPath, new (object, string)[] { ("a@x.test", "A"), ("b@x.test", "B"), ("c@x.test", "C") });
            WriteTable(rightPath, new (object, string)[] { ("z@x.test", "Z"), ("c@x.test", "C"), ("y@x.test", "Y"), ("b@x.test", "B"), ("x@x.test", "X") });

            var result = Sync(out var changes);

            Assert.Equal(2, result.Adopted);
            Assert.Equal(
                new[] { "Created Right a@x.test", "Created Left z@x.test", "Created Left y@x.test", "Created Left x@x.test" },
                changes.Where(c => c.Action == SyncAction.Created).Select(c => c.ToString()));
        }

        [Fact]
        public void ReadByKeys_returns_rows_of_composite_keys()
        {
            using (var connection = Open(leftPath))
            {
                Execute(connection, "CREATE TABLE lines (OrderNumber TEXT, LineNumber INTEGER, Sku TEXT, Quantity REAL)");
                Execute(connection, "INSERT INTO lines VALUES ('1001', 1, 'A', 1), ('1001', 2, 'B', 2), ('1002', 1, 'C', 3)");
            }

            var endpoint = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.OrderLine), new SqliteEndpointOptions(leftPath) { Table = "lines" });
            var keys = new[]
            {
                new RecordKey(new[] { "1001", "2" }, KeyNormalization.Default),
                new RecordKey(new[] { "1002", "1" }, KeyNormalization.Default),
                new RecordKey(new[] { "1003", "1" }, KeyNormalization.Default),
            };

            var records = endpoint.ReadByKeys(keys, default)!.Select(i => i.Record!).OrderBy(r => r["Sku"]).ToList();

            Assert.Equal(new[] { "B", "C" }, records.Select(r => (string)r["Sku"]!));
            Assert.Equal(new[] { "1001|2", "1002|1" }, records.Select(r => r.Key.ToString()));
            Assert.All(records, r => Assert.Null(r.Position));
        }

        [Fact]
        public void ReadByKeys_is_null_for_a_query()
        {
            var endpoint = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.Customer), new SqliteEndpointOptions(leftPath) { Query = "SELECT 1" });

            Assert.Null(endpoint.ReadByKeys(Array.Empty<RecordKey>(), default));
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(folder, true);
            }
            catch (IOException)
            {
                // A test that failed may still hold a file open; the temporary folder is left for the system to clean.
            }
        }

        private static IEnumerable<(object Email, string Name)> Customers() =>
            Enumerable.Range(1, Rows).Select(i => ((object)$"c{i:00}@x.test", "Name " + i));

        private ErpSyncResult Sync(out List<ErpSyncChange> changes, Action<RecordError>? failed = null)
        {
            var seen = new List<ErpSyncChange>();
            changes = seen;
            var options = new SyncOptions { ConflictPolicy = ConflictPolicy.LeftWins, Changed = seen.Add, RecordFailed = failed };
            var left = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.Customer), new SqliteEndpointOptions(leftPath) { Table = "customers" });
            var right = new SqliteEndpoint(new EndpointOptions("shop", BuiltInSchemas.Customer), new SqliteEndpointOptions(rightPath) { Table = "customers" });
            using var store = StateStore.Open(statePath);
            return new SyncEngine(left, right, store, options).Run();
        }

        private static void WriteTable(string path, IEnumerable<(object Email, string Name)> rows, bool untyped = false)
        {
            using var connection = Open(path);
            Execute(connection, untyped
                ? "CREATE TABLE customers (Email, Name, Phone, City, ModifiedAt)"
                : "CREATE TABLE customers (Email TEXT PRIMARY KEY, Name TEXT, Phone TEXT, City TEXT, ModifiedAt TEXT)");
            using var transaction = connection.BeginTransaction();
            foreach (var (email, name) in rows)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO customers VALUES ($e, $n, '111', 'Oslo', '2026-01-01T00:00:00Z')";
                command.Parameters.AddWithValue("$e", email);
                command.Parameters.AddWithValue("$n", name);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        private static string? Value(string path, string email, string column)
        {
            using var connection = Open(path);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {column} FROM customers WHERE CAST(Email AS TEXT) = $e";
            command.Parameters.AddWithValue("$e", email);
            return command.ExecuteScalar() as string;
        }

        private static void Execute(string path, string sql)
        {
            using var connection = Open(path);
            Execute(connection, sql);
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static SqliteConnection Open(string path)
        {
            var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False");
            connection.Open();
            return connection;
        }
    }
}
