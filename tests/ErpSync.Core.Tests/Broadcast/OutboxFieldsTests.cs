using System;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Broadcast
{
    public sealed class OutboxFieldsTests
    {
        [Fact]
        public void Round_trip_keeps_types_scale_and_offset()
        {
            var fields = new RecordFields();
            fields.Set("Sku", "NW-001");
            fields.Set("Price", 18.50m);
            fields.Set("Stock", 39L);
            fields.Set("Active", true);
            fields.Set("ModifiedAt", new DateTimeOffset(2026, 3, 1, 12, 0, 0, 250, TimeSpan.FromHours(2)));
            fields.Set("Description", null);

            var json = OutboxFields.Serialize(fields);
            var restored = OutboxFields.Deserialize(json, BuiltInSchemas.Product);

            Assert.Equal("{\"Sku\":\"NW-001\",\"Price\":\"18.50\",\"Stock\":39,\"Active\":true,\"ModifiedAt\":\"2026-03-01T12:00:00.2500000+02:00\",\"Description\":null}", json);
            Assert.Equal("18.50", ((decimal)restored.Get("Price")!).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(39L, restored.Get("Stock"));
            Assert.Equal(true, restored.Get("Active"));
            Assert.Equal(TimeSpan.FromHours(2), ((DateTimeOffset)restored.Get("ModifiedAt")!).Offset);
            Assert.Null(restored.Get("Description"));
            Assert.Equal(ContentHasher.Hash(fields), ContentHasher.Hash(restored));
        }

        [Fact]
        public void Serialize_after_larger_record_writes_exact_text()
        {
            var large = new RecordFields();
            large.Set("Sku", "NW-002");
            large.Set("Description", new string('x', 500) + "\"\u2028\n");
            var small = new RecordFields();
            small.Set("Sku", "NW-003");

            var first = OutboxFields.Serialize(large);
            var second = OutboxFields.Serialize(small);

            Assert.Equal("{\"Sku\":\"NW-002\",\"Description\":\"" + new string('x', 500) + "\\\"\\u2028\\n\"}", first);
            Assert.Equal("{\"Sku\":\"NW-003\"}", second);
        }

        [Fact]
        public void Shared_layout_decodes_each_field_set()
        {
            var schema = BuiltInSchemas.Product;
            object? layout = null;

            var first = OutboxFields.Deserialize("{\"Sku\":\"A\",\"Price\":\"1.50\"}", schema, ref layout);
            var same = OutboxFields.Deserialize("{\"Sku\":\"B\",\"Price\":\"2\"}", schema, ref layout);
            var fewer = OutboxFields.Deserialize("{\"Sku\":\"C\"}", schema, ref layout);
            var other = OutboxFields.Deserialize("{\"Price\":\"3\",\"Sku\":\"D\",\"Stock\":4}", schema, ref layout);

            Assert.Equal(new[] { "Sku", "Price" }, first.Names);
            Assert.Equal(new object[] { "A", 1.50m }, new[] { first.Get("Sku"), first.Get("Price") });
            Assert.Equal(new[] { "Sku", "Price" }, same.Names);
            Assert.Equal(new object[] { "B", 2m }, new[] { same.Get("Sku"), same.Get("Price") });
            Assert.Equal(new[] { "Sku" }, fewer.Names);
            Assert.False(fewer.Contains("Price"));
            Assert.Equal(new[] { "Price", "Sku", "Stock" }, other.Names);
            Assert.Equal(new object[] { 3m, "D", 4L }, new[] { other.Get("Price"), other.Get("Sku"), other.Get("Stock") });
            Assert.Equal(new[] { "Sku", "Price" }, first.Names);
        }
    }
}
