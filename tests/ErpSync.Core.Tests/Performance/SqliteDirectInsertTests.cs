using System.Collections.Generic;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Records;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.Core.Tests.Performance
{
    /// <summary>
    /// An upsert into a table that was empty at the writer's first upsert batch tries INSERT OR ABORT
    /// first for keys the writer has not written. The outcomes and rows must be those of an UPDATE
    /// followed by an INSERT, whatever else wrote the key.
    /// </summary>
    public sealed class SqliteDirectInsertTests
    {
        [Fact]
        public void Key_written_twice_is_updated()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            using var writer = Products(path).OpenWriter();

            var first = writer.WriteBatch(new[] { Upsert("A-1", 1m), Upsert("A-2", 2m), Upsert("A-1", 3m) }, default);
            var second = writer.WriteBatch(new[] { Upsert("A-2", 4m), Upsert("A-3", 5m) }, default);

            Assert.Equal(new[] { WriteResultKind.Created, WriteResultKind.Created, WriteResultKind.Updated }, first.Select(o => o.Result));
            Assert.Equal(new[] { WriteResultKind.Updated, WriteResultKind.Created }, second.Select(o => o.Result));
            Assert.Equal(new[] { "A-1=3", "A-2=4", "A-3=5" }, Rows(path));
        }

        [Fact]
        public void Other_spelling_updates_row()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            using var writer = Products(path).OpenWriter();

            var outcomes = writer.WriteBatch(new[] { Upsert("a-1", 1m), Upsert(" A-1 ", 2m), Upsert("b-2", 3m) }, default);
            var later = writer.WriteBatch(new[] { Upsert("B-2", 4m) }, default);

            Assert.Equal(new[] { WriteResultKind.Created, WriteResultKind.Updated, WriteResultKind.Created }, outcomes.Select(o => o.Result));
            Assert.Equal(WriteResultKind.Updated, later.Single().Result);
            Assert.Equal(new[] { " A-1 =2", "B-2=4" }, Rows(path));
        }

        [Fact]
        public void Retried_batch_keeps_outcomes()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            using var writer = Products(path).OpenWriter();
            writer.WriteBatch(new[] { Upsert("A-2", 9m) }, default);

            var outcomes = writer.WriteBatch(
                new[] { Upsert("A-1", 1m), Upsert("A-3", 3m), Insert("A-2", 2m), Upsert("A-1", 4m), Upsert("A-4", 5m) },
                default);

            Assert.Equal(
                new[] { WriteResultKind.Created, WriteResultKind.Created, WriteResultKind.Failed, WriteResultKind.Updated, WriteResultKind.Created },
                outcomes.Select(o => o.Result));
            Assert.Equal(ErrorIds.KeyExists, outcomes[2].Error!.ErrorId);
            Assert.Equal(new[] { "A-1=4", "A-2=9", "A-3=3", "A-4=5" }, Rows(path));
        }

        [Fact]
        public void Rolled_back_batch_writes_again()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            using var writer = Products(path).OpenWriter();
            var unbindable = Product("A-9", 9m);
            unbindable.Fields.Set("Price", new object());

            Assert.ThrowsAny<System.Exception>(() => writer.WriteBatch(new[] { Upsert("A-1", 1m), WriteOperation.Upsert(unbindable) }, default));
            var outcomes = writer.WriteBatch(new[] { Upsert("A-1", 3m), Upsert("A-2", 4m) }, default);

            Assert.Equal(new[] { WriteResultKind.Created, WriteResultKind.Created }, outcomes.Select(o => o.Result));
            Assert.Equal(new[] { "A-1=3", "A-2=4" }, Rows(path));
        }

        [Fact]
        public void Key_from_other_writer_is_updated()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            using var writer = Products(path).OpenWriter();
            writer.WriteBatch(new[] { Upsert("A-1", 1m) }, default);
            using (var other = Products(path).OpenWriter())
            {
                other.WriteBatch(new[] { Upsert("A-2", 2m), Upsert("A-3", 3m) }, default);
            }

            var outcomes = writer.WriteBatch(new[] { Upsert("A-4", 4m), Upsert("A-2", 5m), Upsert("A-3", 6m), Upsert("A-5", 7m) }, default);

            Assert.Equal(
                new[] { WriteResultKind.Created, WriteResultKind.Updated, WriteResultKind.Updated, WriteResultKind.Created },
                outcomes.Select(o => o.Result));
            Assert.Equal(new[] { "A-1=1", "A-2=5", "A-3=6", "A-4=4", "A-5=7" }, Rows(path));
        }

        [Fact]
        public void Replace_clause_does_not_replace_row()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            Execute(path, "CREATE TABLE products (Sku TEXT PRIMARY KEY ON CONFLICT REPLACE, Name TEXT, Price TEXT)");
            using var writer = Products(path).OpenWriter();
            writer.WriteBatch(new[] { Upsert("A-1", 1m) }, default);
            Execute(path, "INSERT INTO products (Sku, Name, Price) VALUES ('A-2', 'Kept', '2')");

            var outcome = writer.WriteBatch(new[] { Upsert("A-2", 5m) }, default).Single();

            Assert.Equal(WriteResultKind.Updated, outcome.Result);
            Assert.Equal(new[] { "A-1=1", "A-2=5" }, Rows(path));
            Assert.Equal("Kept", Scalar(path, "SELECT Name FROM products WHERE Sku = 'A-2'"));
        }

        [Fact]
        public void Table_with_rows_updates_and_creates()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            using (var first = Products(path).OpenWriter())
            {
                first.WriteBatch(new[] { Upsert("a-1", 1m) }, default);
            }

            using var writer = Products(path).OpenWriter();
            var outcomes = writer.WriteBatch(new[] { Upsert("A-1", 2m), Upsert("A-2", 3m), Upsert("A-2", 4m) }, default);

            Assert.Equal(new[] { WriteResultKind.Updated, WriteResultKind.Created, WriteResultKind.Updated }, outcomes.Select(o => o.Result));
            Assert.Equal(new[] { "A-1=2", "A-2=4" }, Rows(path));
        }

        [Fact]
        public void Table_with_trigger_keeps_effects()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            Execute(path, "CREATE TABLE products (Sku TEXT PRIMARY KEY, Name TEXT, Price TEXT)");
            Execute(path, "CREATE TABLE inserted (Sku TEXT)");
            Execute(path, "CREATE TRIGGER products_inserted BEFORE INSERT ON products BEGIN INSERT INTO inserted VALUES (NEW.Sku); END");
            using var writer = Products(path).OpenWriter();

            var outcomes = writer.WriteBatch(new[] { Upsert("A-1", 1m), Upsert("A-1", 2m) }, default);

            Assert.Equal(new[] { WriteResultKind.Created, WriteResultKind.Updated }, outcomes.Select(o => o.Result));
            Assert.Equal(new[] { "A-1=2" }, Rows(path));
            Assert.Equal(1L, Scalar(path, "SELECT COUNT(*) FROM inserted"));
        }

        [Fact]
        public void Mismatched_key_fails_as_before()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            Execute(path, "CREATE TABLE products (Sku INTEGER PRIMARY KEY, Name TEXT, Price TEXT)");
            using var writer = Products(path).OpenWriter();

            var outcomes = writer.WriteBatch(new[] { Upsert("7", 1m), Upsert("A-1", 2m), Upsert("8", 3m) }, default);

            Assert.Equal(new[] { WriteResultKind.Created, WriteResultKind.Failed, WriteResultKind.Created }, outcomes.Select(o => o.Result));
            Assert.Equal(ErrorIds.WriteFailed, outcomes[1].Error!.ErrorId);
            Assert.Equal("Writing to the table 'products' failed: SQLite Error 20: 'datatype mismatch'.", outcomes[1].Error!.Message);
            Assert.Equal(2L, Scalar(path, "SELECT COUNT(*) FROM products"));
        }

        private static SqliteEndpoint Products(string path) =>
            new SqliteEndpoint(
                new EndpointOptions("shop", BuiltInSchemas.Product),
                new SqliteEndpointOptions(path) { Table = "products", CreateTable = true });

        private static WriteOperation Upsert(string sku, decimal price) => WriteOperation.Upsert(Product(sku, price));

        private static WriteOperation Insert(string sku, decimal price) => WriteOperation.Insert(Product(sku, price));

        private static ErpRecord Product(string sku, decimal price)
        {
            var fields = new RecordFields();
            fields.Set("Sku", sku);
            fields.Set("Price", price);
            return new ErpRecord("Product", RecordKey.Single(sku), fields);
        }

        private static void Execute(string path, string sql)
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static object? Scalar(string path, string sql)
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }

        private static List<string> Rows(string path)
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Sku, Price FROM products ORDER BY Sku";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(reader.GetString(0) + "=" + reader.GetString(1));
            }

            return rows;
        }
    }
}
