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
    /// The SQLite writer runs a batch without savepoints first. When a record fails, it retries the
    /// batch with one savepoint per record, so each record still gets its own outcome.
    /// </summary>
    public sealed class SqliteBatchRetryTests
    {
        [Fact]
        public void Batch_without_failure_commits_every_record()
        {
            using var folder = new TempFolder();
            var endpoint = Products(folder.File("shop.db"));

            using (var writer = endpoint.OpenWriter())
            {
                var outcomes = writer.WriteBatch(new[] { Upsert("A-1", 1.50m), Upsert("A-2", 2m) }, default);

                Assert.Equal(new[] { WriteResultKind.Created, WriteResultKind.Created }, outcomes.Select(o => o.Result));
            }

            Assert.Equal(new[] { "A-1=1.5", "A-2=2" }, Rows(folder.File("shop.db")));
        }

        [Fact]
        public void Failed_insert_rolls_back_alone()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            var endpoint = Products(path);
            using var writer = endpoint.OpenWriter();
            writer.WriteBatch(new[] { Upsert("A-2", 9m) }, default);

            var outcomes = writer.WriteBatch(
                new[] { Upsert("A-1", 1m), Insert("A-2", 2m), Upsert("A-3", 3m), Upsert("A-2", 4m) },
                default);

            Assert.Equal(
                new[] { WriteResultKind.Created, WriteResultKind.Failed, WriteResultKind.Created, WriteResultKind.Updated },
                outcomes.Select(o => o.Result));
            Assert.Equal(ErrorIds.KeyExists, outcomes[1].Error!.ErrorId);
            Assert.Equal(new[] { "A-1=1", "A-2=4", "A-3=3" }, Rows(path));
        }

        [Fact]
        public void Update_of_missing_key_fails_alone()
        {
            using var folder = new TempFolder();
            var path = folder.File("shop.db");
            using var writer = Products(path).OpenWriter();

            var outcomes = writer.WriteBatch(new[] { Upsert("A-1", 1m), Update("A-9", 9m) }, default);

            Assert.Equal(new[] { WriteResultKind.Created, WriteResultKind.Failed }, outcomes.Select(o => o.Result));
            Assert.Equal(ErrorIds.WriteFailed, outcomes[1].Error!.ErrorId);
            Assert.Equal(new[] { "A-1=1" }, Rows(path));
        }

        private static SqliteEndpoint Products(string path) =>
            new SqliteEndpoint(
                new EndpointOptions("shop", BuiltInSchemas.Product),
                new SqliteEndpointOptions(path) { Table = "products", CreateTable = true });

        private static WriteOperation Upsert(string sku, decimal price) => WriteOperation.Upsert(Product(sku, price));

        private static WriteOperation Insert(string sku, decimal price) => WriteOperation.Insert(Product(sku, price));

        private static WriteOperation Update(string sku, decimal price) => WriteOperation.Update(Product(sku, price));

        private static ErpRecord Product(string sku, decimal price)
        {
            var fields = new RecordFields();
            fields.Set("Sku", sku);
            fields.Set("Price", price);
            return new ErpRecord("Product", RecordKey.Single(sku), fields);
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
