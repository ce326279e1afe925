using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Records;
using Microsoft.Data.Sqlite;

namespace ErpSync.Core.Tests.Broadcast
{
    /// <summary>A temporary folder with an SQLite product source, a state store and helpers to build targets.</summary>
    public sealed class BroadcastFixture : IDisposable
    {
        public BroadcastFixture()
        {
            Folder = Path.Combine(Path.GetTempPath(), "erpsync-broadcast-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(Folder);
            SourcePath = Path.Combine(Folder, "erp.db");
            StatePath = Path.Combine(Folder, "state.db");
            Execute(SourcePath, "CREATE TABLE products (Sku TEXT PRIMARY KEY, Name TEXT, Price TEXT, Stock INTEGER, ModifiedAt TEXT)");
        }

        public string Folder { get; }

        public string SourcePath { get; }

        public string StatePath { get; }

        public SqliteEndpoint Source(bool withModifiedField = true)
        {
            var options = new EndpointOptions("erp", BuiltInSchemas.Product);
            if (withModifiedField)
            {
                options.ModifiedField = "ModifiedAt";
            }

            return new SqliteEndpoint(options, new SqliteEndpointOptions(SourcePath) { Table = "products" });
        }

        public SqliteEndpoint SqliteTarget(string name)
        {
            var path = Path.Combine(Folder, name + ".db");
            return new SqliteEndpoint(new EndpointOptions(name, BuiltInSchemas.Product), new SqliteEndpointOptions(path) { Table = "products", CreateTable = true });
        }

        public CsvEndpoint CsvTarget(string name, string? path = null) =>
            new CsvEndpoint(new EndpointOptions(name, BuiltInSchemas.Product), new CsvEndpointOptions(path ?? Path.Combine(Folder, name + ".csv")));

        public void Upsert(string sku, string name, string price, int stock, string modifiedAt) =>
            Execute(
                SourcePath,
                "INSERT OR REPLACE INTO products (Sku, Name, Price, Stock, ModifiedAt) VALUES ($sku, $name, $price, $stock, $modified)",
                ("$sku", sku),
                ("$name", name),
                ("$price", price),
                ("$stock", stock),
                ("$modified", modifiedAt));

        public void Delete(string sku) => Execute(SourcePath, "DELETE FROM products WHERE Sku = $sku", ("$sku", sku));

        /// <summary>Reads an endpoint into a map of key to record; a read error fails the test.</summary>
        public static Dictionary<string, ErpRecord> ReadAll(Endpoint endpoint)
        {
            var records = new Dictionary<string, ErpRecord>(StringComparer.Ordinal);
            foreach (var item in endpoint.Read())
            {
                if (item.Record == null)
                {
                    throw new InvalidOperationException(item.Error!.Describe());
                }

                records.Add(item.Record.Key.ToString(), item.Record);
            }

            return records;
        }

        public static void Execute(string path, string sql, params (string Name, object? Value)[] parameters)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        public static string Sku(int i) => "NW-" + i.ToString("D4", CultureInfo.InvariantCulture);
    }
}
