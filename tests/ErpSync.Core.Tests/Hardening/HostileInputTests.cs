using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Records;
using ErpSync.Core.Tests.FileEndpoints;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.Core.Tests.Hardening
{
    /// <summary>Inputs that a careless export or a hurried administrator produces, each once misread or duplicated.</summary>
    public sealed class HostileInputTests
    {
        [Theory]
        [InlineData("12,50")]
        [InlineData("1,5")]
        [InlineData("1,2,3")]
        [InlineData("1,2345")]
        public void Invariant_decimal_rejects_comma_without_digit_groups(string text)
        {
            var error = Assert.Throws<ValueCoercionException>(() => ValueCoercer.Invariant.Coerce("Price", text, FieldType.Decimal));

            Assert.Equal(ErrorIds.ValueNotParsed, error.ErrorId);
            Assert.Contains("'Price'", error.Message);
            Assert.Contains("groups of 3 digits", error.Message);
        }

        [Theory]
        [InlineData("1,234.5", "1234.5")]
        [InlineData("12,345,678", "12345678")]
        [InlineData("-1,234", "-1234")]
        [InlineData("1234.5", "1234.5")]
        public void Invariant_decimal_reads_whole_digit_groups(string text, string expected)
        {
            var value = ValueCoercer.Invariant.Coerce("Price", text, FieldType.Decimal);

            Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
        }

        [Fact]
        public void Invariant_integer_rejects_comma_without_digit_groups()
        {
            Assert.Throws<ValueCoercionException>(() => ValueCoercer.Invariant.Coerce("Quantity", "1,5", FieldType.Integer));
            Assert.Equal(1500L, ValueCoercer.Invariant.Coerce("Quantity", "1,500", FieldType.Integer));
        }

        [Fact]
        public void German_decimal_rejects_invariant_point()
        {
            var german = new ValueCoercer(CultureInfo.GetCultureInfo("de-DE"), System.TimeZoneInfo.Utc);

            Assert.Throws<ValueCoercionException>(() => german.Coerce("Price", "1.5", FieldType.Decimal));
            Assert.Equal(1234.5m, german.Coerce("Price", "1.234,5", FieldType.Decimal));
            Assert.Equal(12.5m, german.Coerce("Price", "12,50", FieldType.Decimal));
        }

        [Fact]
        public void Csv_mid_file_byte_order_mark_dropped()
        {
            using var folder = new TempFolder();
            var utf8 = new UTF8Encoding(false);
            var bytes = utf8.GetBytes("Sku,Name,Price\nA1,Tea,1.5\n").Concat(new byte[] { 0xEF, 0xBB, 0xBF }).Concat(utf8.GetBytes("A2,Coffee,2\n")).ToArray();
            var path = folder.Write("joined.csv", bytes);

            var (records, errors) = EndpointFactory.ReadAll(EndpointFactory.Csv(path));

            Assert.Empty(errors);
            Assert.Equal(new[] { "A1", "A2" }, records.Select(r => (string)r["Sku"]!).ToArray());
        }

        [Fact]
        public void Csv_utf16_without_mark_names_encoding()
        {
            using var folder = new TempFolder();
            var path = folder.Write("utf16.csv", new UnicodeEncoding(false, false).GetBytes("Sku,Name,Price\nA1,Tea,1.5\n"));

            var error = Assert.Throws<ErpSyncException>(() => EndpointFactory.ReadAll(EndpointFactory.Csv(path)));

            Assert.Equal(ErrorIds.FileEncodingInvalid, error.ErrorId);
            Assert.Contains(path, error.Message);
            Assert.Contains("-Encoding utf-16", error.Message);
        }

        [Fact]
        public void Csv_utf16_reads_with_encoding()
        {
            using var folder = new TempFolder();
            var encoding = new UnicodeEncoding(false, false);
            var path = folder.Write("utf16.csv", encoding.GetBytes("Sku,Name,Price\nA1,Tea,1.5\n"));

            var (records, errors) = EndpointFactory.ReadAll(EndpointFactory.Csv(path, encoding: encoding));

            Assert.Empty(errors);
            Assert.Equal("Tea", records.Single()["Name"]);
        }

        [Fact]
        public void Sqlite_upsert_other_case_updates_row()
        {
            using var folder = new TempFolder();
            var database = folder.File("erp.db");
            Execute(database, "CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT, price TEXT); INSERT INTO products VALUES ('abc', 'Tea', '1');");
            var endpoint = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.Product), new SqliteEndpointOptions(database) { Table = "products" });
            var record = Product(endpoint, "ABC", "Green tea", 2m);

            var outcomes = EndpointFactory.Upsert(endpoint, record);

            Assert.Equal(WriteResultKind.Updated, outcomes.Single().Result);
            Assert.Equal(new[] { "ABC|Green tea|2" }, Rows(database));
        }

        [Fact]
        public void Sqlite_upsert_after_keyed_updates_finds_case()
        {
            using var folder = new TempFolder();
            var database = folder.File("erp.db");
            Execute(database, "CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT, price TEXT); INSERT INTO products VALUES ('abc', 'Tea', '1'), ('def', 'Mate', '2');");
            var endpoint = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.Product), new SqliteEndpointOptions(database) { Table = "products" });
            var update = WriteOperation.Update(Product(endpoint, "def", "Yerba mate", 3m));
            update.ExistingKey = RecordKey.Single("def");

            using var writer = endpoint.OpenWriter();
            var updated = writer.WriteBatch(new[] { update }, default);
            var upserted = writer.WriteBatch(new[] { WriteOperation.Upsert(Product(endpoint, "ABC", "Green tea", 4m)), WriteOperation.Upsert(Product(endpoint, "DEF", "Mate", 5m)) }, default);
            writer.Complete();

            Assert.Equal(WriteResultKind.Updated, updated.Single().Result);
            Assert.Equal(new[] { WriteResultKind.Updated, WriteResultKind.Updated }, upserted.Select(o => o.Result));
            Assert.Equal(new[] { "ABC|Green tea|4", "DEF|Mate|5" }, Rows(database));
        }

        [Fact]
        public void Sqlite_repeated_upserts_keep_one_row()
        {
            using var folder = new TempFolder();
            var database = folder.File("erp.db");
            Execute(database, "CREATE TABLE products (sku TEXT, name TEXT, price TEXT); INSERT INTO products VALUES ('abc', 'Tea', '1');");
            var endpoint = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.Product), new SqliteEndpointOptions(database) { Table = "products" });

            EndpointFactory.Upsert(endpoint, Product(endpoint, "ABC", "Green tea", 2m), Product(endpoint, " abc ", "Black tea", 3m), Product(endpoint, "new", "Mate", 4m), Product(endpoint, "NEW", "Mate", 5m));

            Assert.Equal(new[] { " abc |Black tea|3", "NEW|Mate|5" }, Rows(database));
        }

        [Fact]
        public void Sqlite_read_of_locked_database_names_lock()
        {
            using var folder = new TempFolder();
            var database = folder.File("erp.db");
            Execute(database, "CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT, price TEXT);");
            using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
            holder.Open();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE; INSERT INTO products VALUES ('a', 'Tea', '1');";
                begin.ExecuteNonQuery();
            }

            var endpoint = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.Product), new SqliteEndpointOptions(database) { Table = "products" });

            // The read waits for the busy timeout of Microsoft.Data.Sqlite (30 seconds) before it fails.
            var error = Assert.Throws<ErpSyncException>(() => EndpointFactory.ReadAll(endpoint));

            Assert.Equal(ErrorIds.SqliteError, error.ErrorId);
            Assert.Equal(ErrorKind.ResourceUnavailable, error.Kind);
            Assert.Contains(database, error.Message);
            Assert.Contains("write lock", error.Message);
        }

        private static ErpRecord Product(Endpoint endpoint, string sku, string name, decimal price)
        {
            var fields = new RecordFields();
            fields.Set("Sku", sku);
            fields.Set("Name", name);
            fields.Set("Price", price);
            return new ErpRecord("Product", ErpRecord.BuildKey(fields, endpoint.Schema.KeyFields, endpoint.Options.KeyNormalization, out _)!, fields);
        }

        private static void Execute(string database, string sql)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static List<string> Rows(string database)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sku, name, price FROM products ORDER BY rowid";
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
