using System.Collections.Generic;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Performance
{
    /// <summary>
    /// Pins the content hash across the per-thread caches of field orders: the expected values are
    /// the first 16 bytes of SHA-256 over "NAME\u001Evalue\u001F..." in sorted upper-case field order.
    /// </summary>
    public sealed class ContentHashCacheTests
    {
        private const string SkuNamePriceHash = "291054df6749fa9146ae1139c90653bc";
        private const string SkuActiveHash = "7f527e6ca98b76e5bc447cf3a90f4bb4";

        [Fact]
        public void Hash_matches_pinned_value()
        {
            Assert.Equal(SkuNamePriceHash, ContentHasher.Hash(Fields(("Sku", "A-1"), ("Name", "Widget"), ("Price", 1.50m))));
        }

        [Fact]
        public void Hash_ignores_field_order_and_case()
        {
            var reordered = Fields(("price", 1.5m), ("SKU", "A-1"), ("name", "Widget"));

            Assert.Equal(SkuNamePriceHash, ContentHasher.Hash(reordered));
        }

        [Fact]
        public void Hash_alternating_field_lists_stays_exact()
        {
            var first = Fields(("Sku", "A-1"), ("Name", "Widget"), ("Price", 1.5m));
            var second = Fields(("Sku", "A-1"), ("Active", true));

            Assert.Equal(SkuNamePriceHash, ContentHasher.Hash(first));
            Assert.Equal(SkuActiveHash, ContentHasher.Hash(second));
            Assert.Equal(SkuNamePriceHash, ContentHasher.Hash(first));
            Assert.Equal(SkuActiveHash, ContentHasher.Hash(second));
        }

        [Fact]
        public void Hash_of_named_fields_uses_only_those()
        {
            var fields = Fields(("Sku", "A-1"), ("Name", "Widget"), ("Price", 1.5m), ("Stock", 4L));

            Assert.Equal(SkuNamePriceHash, ContentHasher.Hash(fields, new List<string> { "Sku", "Name", "Price" }));
            Assert.Equal(SkuNamePriceHash, ContentHasher.Hash(fields, new[] { "price", "name", "sku", "SKU" }));
        }

        [Fact]
        public void Hash_of_missing_field_counts_it_as_null()
        {
            var fields = Fields(("Sku", "A-1"));

            Assert.Equal("3f82879e56d9698f66942b1cc91c7a8f", ContentHasher.Hash(fields, new[] { "Sku", "Name" }));
        }

        [Fact]
        public void Record_hash_changes_after_field_change()
        {
            var record = new ErpRecord("Product", RecordKey.Single("A-1"), Fields(("Sku", "A-1"), ("Name", "Widget"), ("Price", 2m)));
            var before = record.ContentHash;

            record["Price"] = 1.5m;

            Assert.NotEqual(SkuNamePriceHash, before);
            Assert.Equal(SkuNamePriceHash, record.ContentHash);
        }

        private static RecordFields Fields(params (string Name, object? Value)[] values)
        {
            var fields = new RecordFields();
            foreach (var (name, value) in values)
            {
                fields.Set(name, value);
            }

            return fields;
        }
    }
}
