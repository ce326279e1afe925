using ErpSync.Core.Endpoints.Tryton;
using ErpSync.Core.Endpoints.Vendure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace ErpSync.Core.Tests.RemoteEndpoints
{
    public sealed class MoneyAndValueTests
    {
        [Theory]
        [InlineData(1905L, "19.05")]
        [InlineData(10L, "0.10")]
        [InlineData(1234567891L, "12345678.91")]
        [InlineData(0L, "0.00")]
        public void Vendure_minor_units_convert_exactly(long minorUnits, string amount)
        {
            var expected = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

            Assert.Equal(expected, VendureMoney.FromMinorUnits(minorUnits, 2));
            Assert.Equal(minorUnits, VendureMoney.ToMinorUnits(expected, 2));
        }

        [Fact]
        public void Vendure_sum_of_tenths_has_no_drift()
        {
            Assert.Equal(30L, VendureMoney.ToMinorUnits(0.1m + 0.1m + 0.1m, 2));
        }

        [Fact]
        public void Vendure_amount_with_extra_decimals_is_rejected()
        {
            var error = Assert.Throws<ErpSyncException>(() => VendureMoney.ToMinorUnits(1.005m, 2));

            Assert.Equal(ErrorIds.ValueNotParsed, error.ErrorId);
            Assert.Contains("1.005", error.Message);
        }

        [Fact]
        public void Tryton_decimal_reads_exactly()
        {
            var token = JObject.Parse("{\"__class__\": \"Decimal\", \"decimal\": \"19.90\"}");

            var value = TrytonValues.ToDecimal(token);

            Assert.Equal(19.90m, value);
            Assert.Equal("19.90", value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void Tryton_decimal_writes_as_text()
        {
            var encoded = TrytonValues.FromDecimal(0.1m + 0.2m);

            Assert.Equal("Decimal", (string?)encoded["__class__"]);
            Assert.Equal("0.3", (string?)encoded["decimal"]);
        }

        [Fact]
        public void Tryton_date_time_reads_as_utc()
        {
            var token = JObject.Parse("{\"__class__\": \"datetime\", \"year\": 2026, \"month\": 11, \"day\": 2, \"hour\": 9, \"minute\": 15, \"second\": 3, \"microsecond\": 250000}");

            var value = TrytonValues.ToDateTime(token);

            Assert.Equal(new System.DateTimeOffset(2026, 11, 2, 9, 15, 3, 250, System.TimeSpan.Zero), value);
        }
    }
}
