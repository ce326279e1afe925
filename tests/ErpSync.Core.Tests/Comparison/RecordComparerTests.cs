using System.Linq;
using ErpSync.Core.Comparison;
using ErpSync.Core.Records;
using Xunit;
using static ErpSync.Core.Tests.FileEndpoints.EndpointFactory;

namespace ErpSync.Core.Tests.Comparison
{
    public sealed class RecordComparerTests
    {
        [Fact]
        public void Compare_reports_each_status_with_values()
        {
            using var folder = new TempFolder();
            var reference = Csv(folder.Write("erp.csv", "Sku,Name,Price,Stock\nA1,Tea,1.50,5\nA2,Milk,2,3\nA3,Rice,4,1\n"));
            var difference = Csv(folder.Write("shop.csv", "Sku,Price,Name,Color\na1,1.5,Tea,red\nA2,2.10,Oat milk,white\nA4,9,Salt,\n"));

            var results = new RecordComparer(reference, difference).Compare().ToList();

            Assert.Equal(new[] { "A2", "A3", "A4" }, results.Select(r => r.Key.ToString()));
            Assert.Equal(new[] { RecordComparisonStatus.Different, RecordComparisonStatus.OnlyReference, RecordComparisonStatus.OnlyDifference }, results.Select(r => r.Status));
            Assert.Equal(new[] { "Name", "Price" }, results[0].Fields.Select(f => f.Field));
            Assert.Equal("Milk", results[0].Fields[0].Reference);
            Assert.Equal("Oat milk", results[0].Fields[0].Difference);
            Assert.Equal(2m, results[0].Fields[1].Reference);
            Assert.Equal(2.10m, results[0].Fields[1].Difference);
            Assert.Equal("Rice", results[1].Reference!["Name"]);
            Assert.Null(results[1].Difference);
            Assert.Equal("Salt", results[2].Difference!["Name"]);
        }

        [Fact]
        public void Compare_skips_excluded_fields()
        {
            using var folder = new TempFolder();
            var reference = Csv(folder.Write("erp.csv", "Sku,Name,Price\nA1,Tea,1\nA2,Milk,2\n"));
            var difference = Csv(folder.Write("shop.csv", "Sku,Name,Price\nA1,Green tea,1\nA2,Milk,3\n"));
            var comparer = new RecordComparer(reference, difference);
            comparer.ExcludedFields.Add("name");

            var result = Assert.Single(comparer.Compare());

            Assert.Equal("A2", result.Key.ToString());
            Assert.Equal("Price", Assert.Single(result.Fields).Field);
        }

        [Fact]
        public void Compare_limits_to_named_fields()
        {
            using var folder = new TempFolder();
            var reference = Csv(folder.Write("erp.csv", "Sku,Name,Price\nA1,Tea,1\nA2,Milk,2\n"));
            var difference = Csv(folder.Write("shop.csv", "Sku,Name,Price\nA1,Green tea,1\nA2,Milk,3\n"));
            var comparer = new RecordComparer(reference, difference) { Fields = new System.Collections.Generic.HashSet<string>(new[] { "Name" }, System.StringComparer.OrdinalIgnoreCase) };

            var result = Assert.Single(comparer.Compare());

            Assert.Equal("A1", result.Key.ToString());
            Assert.Equal("Name", Assert.Single(result.Fields).Field);
        }

        [Fact]
        public void Compare_includes_equal_when_asked()
        {
            using var folder = new TempFolder();
            var reference = Csv(folder.Write("erp.csv", "Sku,Price\nA1,1.50\nA2,2\n"));
            var difference = Csv(folder.Write("shop.csv", "Sku,Price\nA2,3\nA1,1.5\n"));

            var results = new RecordComparer(reference, difference) { IncludeEqual = true }.Compare().ToList();

            Assert.Equal(new[] { "A1", "A2" }, results.Select(r => r.Key.ToString()));
            Assert.Equal(new[] { RecordComparisonStatus.Equal, RecordComparisonStatus.Different }, results.Select(r => r.Status));
            Assert.Empty(results[0].Fields);
            Assert.Equal(1.5m, results[0].Difference!["Price"]);
        }

        [Fact]
        public void Compare_reports_read_errors_once()
        {
            using var folder = new TempFolder();
            var reference = Csv(folder.Write("erp.csv", "Sku,Price\nA1,1\nA2,cheap\nA3,3\n"));
            var difference = Csv(folder.Write("shop.csv", "Sku,Price\nA1,2\n"));
            var comparer = new RecordComparer(reference, difference);
            var errors = new System.Collections.Generic.List<RecordError>();
            comparer.RecordFailed += errors.Add;

            var results = comparer.Compare().ToList();

            Assert.Equal(new[] { RecordComparisonStatus.Different, RecordComparisonStatus.OnlyReference }, results.Select(r => r.Status));
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.ValueNotParsed, error.ErrorId);
            Assert.Equal(3L, error.Position);
        }
    }
}
