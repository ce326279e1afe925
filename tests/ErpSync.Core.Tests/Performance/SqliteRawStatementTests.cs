using System;
using System.Collections.Generic;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Records;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.Core.Tests.Performance
{
    /// <summary>
    /// The SQLite writer binds values by position through SQLitePCLRaw for the common value types and
    /// through SqliteCommand for the others. Both paths must store the same storage class and text.
    /// </summary>
    public sealed class SqliteRawStatementTests
    {
        private static readonly DateTimeOffset Modified = new DateTimeOffset(2026, 12, 4, 10, 30, 0, TimeSpan.FromHours(1));

        [Fact]
        public void Insert_stores_each_type_as_before()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            using (var writer = Products(path).OpenWriter())
            {
                writer.WriteBatch(new[] { WriteOperation.Insert(Product("A-1", 12.50m, 7, true, null)) }, default);
            }

            var row = Row(path, "A-1");

            Assert.Equal("text:A-1", row["Sku"]);
            Assert.Equal("text:12.5", row["Price"]);
            Assert.Equal("integer:7", row["Stock"]);
            Assert.Equal("integer:1", row["Active"]);
            Assert.Equal("text:2026-12-04T10:30:00+01:00", row["ModifiedAt"]);
            Assert.Equal("null:", row["Name"]);
        }

        [Fact]
        public void Upsert_updates_stored_row()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            using var writer = Products(path).OpenWriter();
            writer.WriteBatch(new[] { WriteOperation.Insert(Product("A-1", 1m, 1, true, "Old")) }, default);

            var outcomes = writer.WriteBatch(new[] { WriteOperation.Upsert(Product("A-1", 2.25m, 0, false, "New")) }, default);

            Assert.Equal(WriteResultKind.Updated, outcomes[0].Result);
            var row = Row(path, "A-1");
            Assert.Equal("text:2.25", row["Price"]);
            Assert.Equal("integer:0", row["Stock"]);
            Assert.Equal("integer:0", row["Active"]);
            Assert.Equal("text:New", row["Name"]);
            Assert.Equal(1L, Count(path));
        }

        [Fact]
        public void Text_stored_as_string_overload_binds_it()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            var texts = new[] { string.Empty, "Grüße, 日本", new string('x', 300) + "é", "A\0B", "\ud800 alone", "last" };
            using (var writer = Products(path).OpenWriter())
            {
                var operations = new List<WriteOperation>();
                for (var i = 0; i < texts.Length; i++)
                {
                    operations.Add(WriteOperation.Insert(Product("T-" + i, 1m, 1, true, texts[i])));
                }

                writer.WriteBatch(operations, default);
            }

            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(BoundByStringOverload(path, texts[i]), Row(path, "T-" + i)["Name"]);
            }

            Assert.Equal("text:", Row(path, "T-0")["Name"]);
            Assert.Equal("text:A\0B", Row(path, "T-3")["Name"]);
        }

        [Fact]
        public void Other_value_types_take_command_path()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            var record = Product("A-1", 1m, 1, true, "Widget");
            record.Fields.Set("Weight", 2.5f);
            using (var writer = Products(path).OpenWriter())
            {
                var outcomes = writer.WriteBatch(new[] { WriteOperation.Insert(record) }, default);

                Assert.Equal(WriteResultKind.Created, outcomes[0].Result);
            }

            Assert.Equal("text:2.5", Row(path, "A-1")["Weight"]);
            Assert.Equal("text:Widget", Row(path, "A-1")["Name"]);
        }

        [Fact]
        public void Failed_statement_keeps_sqlite_message()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            using var writer = Products(path).OpenWriter();
            writer.WriteBatch(new[] { WriteOperation.Insert(Product("A-1", 1m, 1, true, null)) }, default);
            Execute(path, "CREATE UNIQUE INDEX products_sku ON products (Sku)");

            var outcomes = writer.WriteBatch(
                new[] { WriteOperation.Insert(Product("A-1", 2m, 1, true, null)), WriteOperation.Insert(Product("A-2", 3m, 1, true, null)) },
                default);

            Assert.Equal(WriteResultKind.Failed, outcomes[0].Result);
            Assert.Equal(ErrorIds.KeyExists, outcomes[0].Error!.ErrorId);
            Assert.Contains("UNIQUE constraint failed: products.Sku", outcomes[0].Error!.Message, StringComparison.Ordinal);
            Assert.Equal(WriteResultKind.Created, outcomes[1].Result);
            Assert.Equal(2L, Count(path));
        }

        private static SqliteEndpoint Products(string path) =>
            new SqliteEndpoint(
                new EndpointOptions("shop", BuiltInSchemas.Product),
                new SqliteEndpointOptions(path) { Table = "products", CreateTable = true });

        private static ErpRecord Product(string sku, decimal price, int stock, bool active, string? name)
        {
            var fields = new RecordFields();
            fields.Set("Sku", sku);
            fields.Set("Name", name);
            fields.Set("Price", price);
            fields.Set("Stock", stock);
            fields.Set("Active", active);
            fields.Set("ModifiedAt", Modified);
            return new ErpRecord("Product", RecordKey.Single(sku), fields);
        }

        /// <summary>Returns each column of the row as "storage class:value", read with SQLite's typeof().</summary>
        private static Dictionary<string, string> Row(string path, string sku)
        {
            using var connection = Open(path);
            var columns = new List<string>();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "SELECT name FROM pragma_table_info('products')";
                using var names = pragma.ExecuteReader();
                while (names.Read())
                {
                    columns.Add(names.GetString(0));
                }
            }

            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var column in columns)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT typeof(\"{column}\") || ':' || coalesce(\"{column}\", '') FROM products WHERE Sku = $sku";
                command.Parameters.AddWithValue("$sku", sku);
                row[column] = (string)command.ExecuteScalar()!;
            }

            return row;
        }

        /// <summary>Returns "storage class:value" of a text bound with SQLitePCLRaw's string overload.</summary>
        private static string BoundByStringOverload(string path, string text)
        {
            using var connection = Open(path);
            SQLitePCL.raw.sqlite3_prepare_v2(connection.Handle, "SELECT typeof(?1) || ':' || coalesce(?1, '')", out var statement);
            using (statement)
            {
                SQLitePCL.raw.sqlite3_bind_text(statement, 1, text);
                SQLitePCL.raw.sqlite3_step(statement);
                return SQLitePCL.raw.sqlite3_column_text(statement, 0).utf8_to_string();
            }
        }

        private static long Count(string path)
        {
            using var connection = Open(path);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM products";
            return (long)command.ExecuteScalar()!;
        }

        private static void Execute(string path, string sql)
        {
            using var connection = Open(path);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static SqliteConnection Open(string path)
        {
            var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            return connection;
        }
    }
}
