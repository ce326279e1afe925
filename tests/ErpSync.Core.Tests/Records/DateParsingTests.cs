using System;
using System.Globalization;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Records
{
    public sealed class DateParsingTests
    {
        [Theory]
        [InlineData("2026-12-04", "2026-12-04T00:00:00.0000000+00:00")]
        [InlineData("2026-12-04T08:15", "2026-12-04T08:15:00.0000000+00:00")]
        [InlineData("2026-12-04 08:15:30", "2026-12-04T08:15:30.0000000+00:00")]
        [InlineData("2026-12-04T08:15:30.125Z", "2026-12-04T08:15:30.1250000+00:00")]
        [InlineData("2026-12-04T08:15:30+01:00", "2026-12-04T08:15:30.0000000+01:00")]
        public void Invariant_reads_iso_8601(string text, string expected)
        {
            var value = (DateTimeOffset)ValueCoercer.Invariant.Coerce("ModifiedAt", text, FieldType.DateTime)!;

            Assert.Equal(expected, value.ToString("o", CultureInfo.InvariantCulture));
        }

        [Theory]
        [InlineData("04.12.2026")]
        [InlineData("12/04/2026")]
        [InlineData("Dec 4, 2026")]
        public void Invariant_rejects_country_formats(string text)
        {
            var error = Assert.Throws<ValueCoercionException>(() => ValueCoercer.Invariant.Coerce("ModifiedAt", text, FieldType.DateTime));

            Assert.Equal(ErrorIds.ValueNotParsed, error.ErrorId);
            Assert.Contains(text, error.Message);
            Assert.Contains("-Culture", error.Message);
        }

        [Fact]
        public void German_culture_reads_day_first()
        {
            var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            var coercer = new ValueCoercer(CultureInfo.GetCultureInfo("de-DE"), berlin);

            var value = (DateTimeOffset)coercer.Coerce("ModifiedAt", "04.12.2026 08:15", FieldType.DateTime)!;

            Assert.Equal("2026-12-04T08:15:00.0000000+01:00", value.ToString("o", CultureInfo.InvariantCulture));
        }

        [Fact]
        public void German_culture_writes_dates_it_reads_back()
        {
            var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            var coercer = new ValueCoercer(CultureInfo.GetCultureInfo("de-DE"), berlin);
            var instant = new DateTimeOffset(2026, 12, 4, 7, 15, 0, TimeSpan.Zero);

            var text = coercer.Format(instant);

            Assert.Equal("04.12.2026 08:15:00", text);
            Assert.Equal(instant, (DateTimeOffset)coercer.Coerce("ModifiedAt", text, FieldType.DateTime)!);
        }
    }
}
