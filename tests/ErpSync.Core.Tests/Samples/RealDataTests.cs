using System.Collections.Generic;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Records;
using Xunit;
using static ErpSync.Core.Tests.FileEndpoints.EndpointFactory;

namespace ErpSync.Core.Tests.Samples
{
    public sealed class RealDataTests
    {
        [Fact]
        public void Magento_products_read_with_multiline_descriptions()
        {
            var endpoint = Csv(SamplePaths.File("magento", "products.csv"));

            var (records, errors) = ReadAll(endpoint);

            Assert.Empty(errors);
            Assert.Equal(1994, records.Count);
            Assert.Equal(1946, records.Count(r => ((string?)r["Description"] ?? string.Empty).Contains('\n')));
            var hoodie = records.Single(r => r.Key.ToString() == "MH01-XS-Black");
            var description = (string)hoodie["Description"]!;
            Assert.Equal(2, description.Split('\n').Length);
            Assert.Contains("seal in body heat.</p>\n<p>&bull; Two-tone gray heather hoodie.", description);
            Assert.Equal("WSH12", records.Last().Key.ToString());
        }

        [Fact]
        public void Northwind_products_round_trip_through_csv_and_json()
        {
            using var folder = new TempFolder();
            var database = NorthwindProducts.CreateDatabase(folder.Path);
            var erp = new SqliteEndpoint(Options(BuiltInSchemas.Product), new SqliteEndpointOptions(database) { Table = "products" });
            var (products, errors) = ReadAll(erp);
            var csv = Csv(folder.File("products.csv"));
            var json = Json(folder.File("products.json"));

            Upsert(csv, products.ToArray());
            Upsert(json, products.ToArray());
            var fromCsv = ReadAll(csv);
            var fromJson = ReadAll(json);

            Assert.Empty(errors);
            Assert.Equal(77, products.Count);
            Assert.Equal("Chef Anton's Cajun Seasoning", products.Single(p => p.Key.ToString() == "NW-004")["Name"]);
            Assert.Equal(21.35m, products.Single(p => p.Key.ToString() == "NW-005")["Price"]);
            Assert.Empty(fromCsv.Errors);
            Assert.Empty(fromJson.Errors);
            Assert.Equal(Hashes(products), Hashes(fromCsv.Records));
            Assert.Equal(Hashes(products), Hashes(fromJson.Records));
        }

        private static List<string> Hashes(IEnumerable<ErpRecord> records) =>
            records.Select(r => r.Key.Normalized + " " + r.ContentHash).ToList();
    }
}
