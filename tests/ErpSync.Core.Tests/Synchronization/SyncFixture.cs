using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;
using ErpSync.Core.State;
using Microsoft.Data.Sqlite;

namespace ErpSync.Core.Tests.Synchronization
{
    /// <summary>A temporary folder with an SQLite customer table on the left, a CSV file on the right and a state store.</summary>
    internal sealed class SyncFixture : IDisposable
    {
        public const string Header = "Email,Name,Phone,City,ModifiedAt";

        public SyncFixture()
        {
            Folder = Path.Combine(Path.GetTempPath(), "erpsync-sync-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(Folder);
            DatabasePath = Path.Combine(Folder, "erp.db");
            CsvPath = Path.Combine(Folder, "shop.csv");
            StatePath = Path.Combine(Folder, "state.db");
        }

        public string Folder { get; }

        public string DatabasePath { get; }

        public string CsvPath { get; }

        public string StatePath { get; }

        public KeyNormalization Keys { get; set; } = KeyNormalization.Default;

        /// <summary>Creates the left table with rows of "Email,Name,Phone,City,ModifiedAt".</summary>
        public void WriteLeft(params string[] rows)
        {
            using var connection = new SqliteConnection("Data Source=" + DatabasePath + ";Pooling=False");
            connection.Open();
            Execute(connection, "DROP TABLE IF EXISTS customers");
            Execute(connection, "CREATE TABLE customers (Email TEXT PRIMARY KEY, Name TEXT, Phone TEXT, City TEXT, ModifiedAt TEXT)");
            foreach (var row in rows)
            {
                var values = row.Split(',');
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO customers VALUES ($e, $n, $p, $c, $m)";
                command.Parameters.AddWithValue("$e", values[0]);
                command.Parameters.AddWithValue("$n", values[1]);
                command.Parameters.AddWithValue("$p", values[2]);
                command.Parameters.AddWithValue("$c", values[3]);
                command.Parameters.AddWithValue("$m", values.Length > 4 && values[4].Length > 0 ? values[4] : (object)DBNull.Value);
                command.ExecuteNonQuery();
            }
        }

        public void ExecuteLeft(string sql)
        {
            using var connection = new SqliteConnection("Data Source=" + DatabasePath + ";Pooling=False");
            connection.Open();
            Execute(connection, sql);
        }

        public void WriteRight(params string[] rows) =>
            File.WriteAllText(CsvPath, Header + "\n" + string.Concat(rows.Select(r => r + "\n")));

        public Endpoint Left(string? modifiedField = null)
        {
            var options = new EndpointOptions("erp", BuiltInSchemas.Customer) { ModifiedField = modifiedField, KeyNormalization = Keys };
            return new SqliteEndpoint(options, new SqliteEndpointOptions(DatabasePath) { Table = "customers" });
        }

        public Endpoint Right(string? modifiedField = null)
        {
            var options = new EndpointOptions("shop", BuiltInSchemas.Customer) { ModifiedField = modifiedField, KeyNormalization = Keys };
            return new CsvEndpoint(options, new CsvEndpointOptions(CsvPath));
        }

        public ErpSyncResult Sync(SyncOptions options, Endpoint? left = null, Endpoint? right = null)
        {
            using var store = StateStore.Open(StatePath);
            return new SyncEngine(left ?? Left(), right ?? Right(), store, options).Run();
        }

        /// <summary>Reads an endpoint into "Name|Phone|City" by key as the endpoint holds it.</summary>
        public static Dictionary<string, string> Snapshot(Endpoint endpoint) =>
            endpoint.Read().Where(i => i.Record != null).ToDictionary(
                i => i.Record!.Key.ToString(),
                i => $"{i.Record!["Name"]}|{i.Record["Phone"]}|{i.Record["City"]}");

        public void Dispose()
        {
            try
            {
                Directory.Delete(Folder, true);
            }
            catch (IOException)
            {
                // A test that failed may still hold a file open; the temporary folder is left for the system to clean.
            }
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
