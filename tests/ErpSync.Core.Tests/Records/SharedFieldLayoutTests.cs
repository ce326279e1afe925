using System.Collections.Generic;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Records
{
    /// <summary>
    /// The records of one read share their field layout; these tests pin that a record changed
    /// afterwards, or a row with other columns, leaves every other record as it was built.
    /// </summary>
    public sealed class SharedFieldLayoutTests
    {
        private static readonly RecordBuilder Builder = new RecordBuilder(new EndpointOptions("test", BuiltInSchemas.Product), "test rows");

        [Fact]
        public void Added_field_stays_on_its_record()
        {
            var first = Build(("Sku", "A1"), ("Name", "Chai"));
            var second = Build(("Sku", "A2"), ("Name", "Chang"));

            first.Fields.Set("Category", "Beverages");
            var third = Build(("Sku", "A3"), ("Name", "Tofu"));

            Assert.Equal(new[] { "Sku", "Name", "Category" }, first.Fields.Names);
            Assert.Equal(new[] { "Sku", "Name" }, second.Fields.Names);
            Assert.Equal(new[] { "Sku", "Name" }, third.Fields.Names);
            Assert.False(second.Fields.Contains("Category"));
            Assert.Null(third["Category"]);
        }

        [Fact]
        public void Removed_field_stays_removed_on_its_record()
        {
            var first = Build(("Sku", "A1"), ("Name", "Chai"));
            var second = Build(("Sku", "A2"), ("Name", "Chang"));

            second.Fields.Remove("Name");
            var third = Build(("Sku", "A3"), ("Name", "Tofu"));

            Assert.Equal(new[] { "Sku", "Name" }, first.Fields.Names);
            Assert.Equal(new[] { "Sku" }, second.Fields.Names);
            Assert.Equal(new[] { "Sku", "Name" }, third.Fields.Names);
            Assert.Equal("Tofu", third["Name"]);
        }

        [Fact]
        public void Row_with_fewer_columns_lists_only_its_own()
        {
            Build(("Sku", "A1"), ("Name", "Chai"), ("Category", "Beverages"));
            var shorter = Build(("Sku", "A2"), ("Name", "Chang"));
            var reordered = Build(("Name", "Tofu"), ("Sku", "A3"));

            Assert.Equal(new[] { "Sku", "Name" }, shorter.Fields.Names);
            Assert.Equal(2, shorter.Fields.Count);
            Assert.False(shorter.Fields.Contains("Category"));
            Assert.Equal(new[] { "Name", "Sku" }, reordered.Fields.Names);
            Assert.Equal("A3", reordered["SKU"]);
        }

        [Fact]
        public void Shared_layout_keeps_values_apart()
        {
            var first = Build(("Sku", "A1"), ("Name", "Chai"));
            var second = Build(("Sku", "A2"), ("Name", "Chang"));

            second.Fields.Set("name", "Chang Lager");

            Assert.Equal("Chai", first["Name"]);
            Assert.Equal("Chang Lager", second["Name"]);
            Assert.Equal(new[] { "Sku", "Name" }, second.Fields.Names);
            Assert.Equal(
                new[] { new KeyValuePair<string, object?>("Sku", "A2"), new KeyValuePair<string, object?>("Name", "Chang Lager") },
                second.Fields.ToArray());
        }

        private static ErpRecord Build(params (string Column, string Value)[] row)
        {
            var item = Builder.Build(row.Select(c => new KeyValuePair<string, object?>(c.Column, c.Value)), 1);
            Assert.NotNull(item.Record);
            return item.Record!;
        }
    }
}
