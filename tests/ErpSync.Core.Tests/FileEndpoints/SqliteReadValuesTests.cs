using System;
using System.Collections.Generic;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Records;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.Core.Tests.FileEndpoints
{
    /// <summary>
    /// Pins the values SQLite rows are read as, and checks them against Microsoft.Data.Sqlite's
    /// SqliteDataReader and the record builder's pair overload, which the read used before.
    /// </summary>
    public sealed class SqliteReadValuesTests
    {
        private static readonly EntitySchema Schema = new EntitySchema(
            "Item",
            new[] { "Id" },
            new[]
            {
                new FieldDefinition("Id", FieldType.Integer),
                new FieldDefinition("Big", FieldType.Integer),
                new FieldDefinition("Price", FieldType.Decimal),
                new FieldDefinition("Weight", FieldType.Decimal),
                new FieldDefinition("Name", FieldType.Text),
                new FieldDefinition("Image", FieldType.Text),
                new FieldDefinition("Modified", FieldType.DateTime),
                new FieldDefinition("Active", FieldType.Boolean),
            });

        [Fact]
        public void Row_reader_maps_every_storage_class()
        {
            using var folder = new TempFolder();
            var database = CreateTable(folder);
            using var connection = Open(database);

            var rows = ReadRaw(connection, "SELECT * FROM items ORDER BY Id");

            Assert.Equal(5, rows.Count);
            Assert.Equal(new object?[] { 1L, long.MaxValue, "12.50", 21.35, "Grüße 😀", new byte[] { 0, 255, 16 }, "2024-03-01T10:00:00+02:00", 1L }, rows[0]);
            Assert.Equal(new object?[] { 2L, long.MinValue, "-0.5", 1e20, "", Array.Empty<byte>(), "2024-03-01 10:00", 0L }, rows[1]);
            Assert.Equal(new object?[] { 3L, null, null, null, null, null, null, null }, rows[2]);
            Assert.Equal(new object?[] { 4L, 7.0, "3", 1000.0, "x\0y", "text in a blob column", "2024-03-01", "true" }, rows[3]);
            Assert.Equal(new object?[] { 5L, 1L, "abc", 0.1, "late", null, "2024-02-30", null }, rows[4]);
            Assert.IsType<long>(rows[0][0]);
            Assert.IsType<double>(rows[0][3]);
            Assert.IsType<byte[]>(rows[1][5]);
        }

        [Fact]
        public void Row_reader_matches_SqliteDataReader()
        {
            using var folder = new TempFolder();
            var database = CreateTable(folder);
            using var connection = Open(database);
            const string sql = "SELECT * FROM items ORDER BY Id";

            var raw = ReadRaw(connection, sql);
            var expected = ReadWithDataReader(connection, sql);

            Assert.Equal(expected.Count, raw.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], raw[i]);
                Assert.Equal(expected[i].Select(v => v?.GetType()), raw[i].Select(v => v?.GetType()));
            }
        }

        [Fact]
        public void Table_read_gives_exact_records_and_errors()
        {
            using var folder = new TempFolder();
            var database = CreateTable(folder);

            var items = Endpoint(database, table: "items").Read().ToList();

            Assert.Equal(5, items.Count);
            var first = items[0].Record!;
            Assert.Equal("1", first.Key.ToString());
            Assert.Equal(1L, first.Position);
            Assert.Equal(long.MaxValue, first.Fields.Get("Big"));
            Assert.Equal(12.50m, first.Fields.Get("Price"));
            Assert.Equal("12.50", ((decimal)first.Fields.Get("Price")!).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(21.35m, first.Fields.Get("Weight"));
            Assert.Equal("Grüße 😀", first.Fields.Get("Name"));
            Assert.Equal("System.Byte[]", first.Fields.Get("Image"));
            Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.FromHours(2)), first.Fields.Get("Modified"));
            Assert.Equal(true, first.Fields.Get("Active"));
            Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.FromHours(2)), first.ModifiedAt);

            var second = items[1].Record!;
            Assert.Equal(long.MinValue, second.Fields.Get("Big"));
            Assert.Equal(-0.5m, second.Fields.Get("Price"));
            Assert.Equal(100000000000000000000m, second.Fields.Get("Weight"));
            Assert.Equal(false, second.Fields.Get("Active"));
            Assert.Equal(string.Empty, second.Fields.Get("Name"));
            Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), second.Fields.Get("Modified"));

            var third = items[2].Record!;
            Assert.Equal(new[] { "Id", "Big", "Price", "Weight", "Name", "Image", "Modified", "Active" }, third.Fields.Names);
            Assert.All(third.Fields.Names.Skip(1), name => Assert.Null(third.Fields.Get(name)));

            var fourth = items[3].Record!;
            Assert.Equal(7L, fourth.Fields.Get("Big"));
            Assert.Equal(3m, fourth.Fields.Get("Price"));
            Assert.Equal(1000m, fourth.Fields.Get("Weight"));
            Assert.Equal("x\0y", fourth.Fields.Get("Name"));
            Assert.Equal("text in a blob column", fourth.Fields.Get("Image"));

            Assert.Null(items[4].Record);
            Assert.Equal(ErrorIds.ValueNotParsed, items[4].Error!.ErrorId);
            Assert.Equal(5L, items[4].Error!.Position);
            Assert.Equal("Price", items[4].Error!.Field);
        }

        [Fact]
        public void Table_read_matches_pair_builder()
        {
            using var folder = new TempFolder();
            var database = CreateTable(folder);

            var read = Endpoint(database, table: "items").Read().ToList();
            var expected = BuildFromPairs(Endpoint(database, table: "items"), database, "SELECT * FROM items");

            AssertSameItems(expected, read);
            Assert.Equal(expected.Select(i => i.Record?.ContentHash), read.Select(i => i.Record?.ContentHash));
        }

        [Fact]
        public void Query_with_same_named_columns_matches_pair_builder()
        {
            using var folder = new TempFolder();
            var database = CreateTable(folder);
            const string query = "SELECT Id, Name, Name AS NAME FROM items WHERE Id < 3";

            var read = Endpoint(database, query: query).Read().ToList();
            var expected = BuildFromPairs(Endpoint(database, query: query), database, "SELECT * FROM (" + query + ")");

            Assert.Equal(2, read.Count);
            AssertSameItems(expected, read);
        }

        [Fact]
        public void Query_with_second_statement_reads_first()
        {
            using var folder = new TempFolder();
            var database = CreateTable(folder);

            var read = Endpoint(database, query: "SELECT * FROM items WHERE Id = 4); SELECT (1").Read().ToList();

            Assert.Single(read);
            Assert.Equal("4", read[0].Record!.Key.ToString());
            Assert.Equal(7L, read[0].Record!.Fields.Get("Big"));
        }

        [Fact]
        public void Key_read_returns_records_of_keys()
        {
            using var folder = new TempFolder();
            var database = CreateTable(folder);
            var endpoint = Endpoint(database, table: "items");
            var keys = endpoint.Read().Where(i => i.Record != null && i.Record.Key.ToString() != "2").Select(i => i.Record!.Key).ToList();

            var read = endpoint.ReadByKeys(keys, default)!.ToList();
            var expected = BuildFromPairs(Endpoint(database, table: "items"), database, "SELECT * FROM items WHERE Id IN (1, 3, 4)", positions: false);

            AssertSameItems(expected, read);
            Assert.Equal(expected.Select(i => i.Record!.ContentHash), read.Select(i => i.Record!.ContentHash));
        }

        [Fact]
        public void Missing_table_in_query_fails_as_read_error()
        {
            using var folder = new TempFolder();
            var database = CreateTable(folder);

            var error = Assert.Throws<ErpSyncException>(() => Endpoint(database, query: "SELECT * FROM missing_items").Read().ToList());

            Assert.Equal(ErrorIds.SqliteError, error.ErrorId);
            Assert.EndsWith("failed: SQLite Error 1: 'no such table: missing_items'.", error.Message);
            Assert.IsType<SqliteException>(error.InnerException);
        }

        private static string CreateTable(TempFolder folder)
        {
            var database = folder.File("items.db");
            using var connection = Open(database);
            using var command = connection.CreateCommand();
            command.CommandText =
                "CREATE TABLE items (Id INTEGER PRIMARY KEY, Big, Price TEXT, Weight REAL, Name TEXT, Image BLOB, Modified TEXT, Active);" +
                "INSERT INTO items VALUES (1, 9223372036854775807, '12.50', 21.35, 'Grüße 😀', X'00FF10', '2024-03-01T10:00:00+02:00', 1);" +
                "INSERT INTO items VALUES (2, -9223372036854775808, '-0.5', 1e20, '', X'', '2024-03-01 10:00', 0);" +
                "INSERT INTO items VALUES (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL);" +
                "INSERT INTO items VALUES (4, 7.0, 3, '1e3', 'x' || char(0) || 'y', 'text in a blob column', '2024-03-01', 'true');" +
                "INSERT INTO items VALUES (5, 1, 'abc', 0.1, 'late', NULL, '2024-02-30', NULL);";
            command.ExecuteNonQuery();
            return database;
        }

        private static SqliteConnection Open(string database)
        {
            var connection = new SqliteConnection("Data Source=" + database + ";Pooling=False");
            connection.Open();
            return connection;
        }

        private static SqliteEndpoint Endpoint(string database, string? table = null, string? query = null) =>
            new SqliteEndpoint(
                new EndpointOptions("erp", Schema) { ModifiedField = "Modified" },
                new SqliteEndpointOptions(database) { Table = table, Query = query });

        private static List<object?[]> ReadRaw(SqliteConnection connection, string sql)
        {
            var rows = new List<object?[]>();
            using var reader = SqliteRowReader.Open(connection, sql);
            var values = new object?[reader.Names.Length];
            while (reader.Read(values))
            {
                rows.Add((object?[])values.Clone());
            }

            return rows;
        }

        private static List<object?[]> ReadWithDataReader(SqliteConnection connection, string sql)
        {
            var rows = new List<object?[]>();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                rows.Add(values.Select(v => v is DBNull ? null : v).ToArray());
            }

            return rows;
        }

        /// <summary>Reads rows through SqliteDataReader into the builder's pair overload, as the SQLite read did before.</summary>
        private static List<ReadItem> BuildFromPairs(SqliteEndpoint endpoint, string database, string sql, bool positions = true)
        {
            using var connection = Open(database);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var items = new List<ReadItem>();
            long row = 0;
            while (reader.Read())
            {
                row++;
                var pairs = new List<KeyValuePair<string, object?>>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    pairs.Add(new KeyValuePair<string, object?>(reader.GetName(i), value is DBNull ? null : value));
                }

                items.Add(endpoint.Builder.Build(pairs, positions ? row : (long?)null));
            }

            return items;
        }

        private static void AssertSameItems(List<ReadItem> expected, List<ReadItem> actual)
        {
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Record?.Key.ToString(), actual[i].Record?.Key.ToString());
                Assert.Equal(expected[i].Record?.Position, actual[i].Record?.Position);
                Assert.Equal(expected[i].Record?.ModifiedAt, actual[i].Record?.ModifiedAt);
                Assert.Equal(expected[i].Record?.Fields.ToList(), actual[i].Record?.Fields.ToList());
                Assert.Equal(expected[i].Error?.ErrorId, actual[i].Error?.ErrorId);
                Assert.Equal(expected[i].Error?.Message, actual[i].Error?.Message);
                Assert.Equal(expected[i].Error?.Position, actual[i].Error?.Position);
                Assert.Equal(expected[i].Error?.Field, actual[i].Error?.Field);
                Assert.Equal(expected[i].Error?.Key, actual[i].Error?.Key);
            }
        }
    }
}
