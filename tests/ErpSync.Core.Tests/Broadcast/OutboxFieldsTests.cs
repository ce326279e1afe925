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
    }
}
