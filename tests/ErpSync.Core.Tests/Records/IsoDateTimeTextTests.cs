using System;
using System.Collections.Generic;
using System.Globalization;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Records
{
    /// <summary>
    /// Checks the quick ISO 8601 reader against the general parse that ValueCoercer used for every date
    /// before: the same clock time and offset where it reads the text, and no reading where the general
    /// parse fails.
    /// </summary>
    public sealed class IsoDateTimeTextTests
    {
        private static readonly string[] IsoFormats =
        {
            "yyyy-MM-dd",
            "yyyy-MM-dd'T'HH:mmK",
            "yyyy-MM-dd'T'HH:mm:ssK",
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
            "yyyy-MM-dd HH:mmK",
            "yyyy-MM-dd HH:mm:ssK",
            "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
            "yyyy-MM-ddK",
        };

        [Theory]
        [InlineData("2024-01-01T00:01:00Z", "2024-01-01T00:01:00.0000000", "00:00:00")]
        [InlineData("2024-02-29 23:59:59", "2024-02-29T23:59:59.0000000", null)]
        [InlineData("2026-12-04T08:15:30.125+01:00", "2026-12-04T08:15:30.1250000", "01:00:00")]
        [InlineData("2026-12-04T08:15:30.1234567-09:30", "2026-12-04T08:15:30.1234567", "-09:30:00")]
        [InlineData("2026-12-04T08:15:30+14:00", "2026-12-04T08:15:30.0000000", "14:00:00")]
        [InlineData("2026-12-04T08:15:30-00:00", "2026-12-04T08:15:30.0000000", "00:00:00")]
        public void Reads_common_iso_form(string text, string clock, string? offset)
        {
            Assert.True(IsoDateTimeText.TryParse(text, out var parsedClock, out var parsedOffset));

            Assert.Equal(clock, parsedClock.ToString("o", CultureInfo.InvariantCulture));
            Assert.Equal(DateTimeKind.Unspecified, parsedClock.Kind);
            Assert.Equal(offset, parsedOffset?.ToString());
        }

        [Theory]
        [InlineData("2024-01-01")]
        [InlineData("2024-01-01T00:01")]
        [InlineData("2024-01-01T00:01Z")]
        [InlineData("2024-02-30T00:00:00")]
        [InlineData("2023-02-29T00:00:00")]
        [InlineData("2024-13-01T00:00:00")]
        [InlineData("2024-01-01T24:00:00")]
        [InlineData("2024-01-01T23:60:00")]
        [InlineData("2024-01-01T23:59:60")]
        [InlineData("2024-01-01T00:00:00.")]
        [InlineData("2024-01-01T00:00:00.Z")]
        [InlineData("2024-01-01T00:00:00.12345678")]
        [InlineData("2024-01-01T00:00:00z")]
        [InlineData("2024-01-01t00:00:00")]
        [InlineData("2024-01-01T00:00:00+0200")]
        [InlineData("2024-01-01T00:00:00+14:01")]
        [InlineData("2024-01-01T00:00:00+02:60")]
        [InlineData("0001-01-01T00:00:00+01:00")]
        [InlineData("9999-12-31T23:59:59-01:00")]
        [InlineData("2024-01-01T00:00:00 ")]
        [InlineData("２０２４-01-01T00:00:00")]
        public void Leaves_other_text_to_general_parse(string text)
        {
            Assert.False(IsoDateTimeText.TryParse(text, out _, out _));
        }

        [Fact]
        public void Matches_general_parse_on_generated_texts()
        {
            var random = new Random(20261204);
            var compared = 0;
            foreach (var text in GeneratedTexts(random, 20000))
            {
                var expected = GeneralParse(text);
                if (!IsoDateTimeText.TryParse(text, out var clock, out var offset))
                {
                    continue;
                }

                compared++;
                Assert.True(expected.HasValue, text);
                Assert.Equal(expected!.Value.Clock, clock);
                Assert.Equal(expected.Value.Offset, offset);
            }

            Assert.True(compared > 3000, $"only {compared} texts took the quick path");
        }

        [Fact]
        public void Coercer_keeps_endpoint_zone_for_text_without_offset()
        {
            var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            var coercer = new ValueCoercer(CultureInfo.InvariantCulture, berlin);

            var winter = (DateTimeOffset)coercer.Coerce("ModifiedAt", "2026-12-04T08:15:00", FieldType.DateTime)!;
            var summer = (DateTimeOffset)coercer.Coerce("ModifiedAt", "2026-07-04 08:15:00.5", FieldType.DateTime)!;

            Assert.Equal("2026-12-04T08:15:00.0000000+01:00", winter.ToString("o", CultureInfo.InvariantCulture));
            Assert.Equal("2026-07-04T08:15:00.5000000+02:00", summer.ToString("o", CultureInfo.InvariantCulture));
        }

        [Fact]
        public void Coercer_rejects_time_in_daylight_saving_gap()
        {
            var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            var coercer = new ValueCoercer(CultureInfo.InvariantCulture, berlin);

            var error = Assert.Throws<ValueCoercionException>(() => coercer.Coerce("ModifiedAt", "2026-03-29T02:30:00", FieldType.DateTime));

            Assert.Contains("daylight saving gap", error.Message);
        }

        /// <summary>Parses as ValueCoercer did for every invariant date: the ISO formats, then the offset the text gave.</summary>
        private static (DateTime Clock, TimeSpan? Offset)? GeneralParse(string text)
        {
            var styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind;
            if (!DateTime.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, styles, out var parsed))
            {
                return null;
            }

            if (parsed.Kind == DateTimeKind.Unspecified)
            {
                return (parsed, null);
            }

            // The formats take "25.Z", but the offset parse that follows rejects it, so the coercer reports an error.
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var withOffset))
            {
                return null;
            }

            return (DateTime.SpecifyKind(withOffset.DateTime, DateTimeKind.Unspecified), withOffset.Offset);
        }

        private static IEnumerable<string> GeneratedTexts(Random random, int count)
        {
            string[] separators = { "T", " ", "t", "_" };
            string[] fractions = { string.Empty, ".", ".5", ".12", ".1234567", ".12345678", ".0000001" };
            string[] offsets = { string.Empty, "Z", "z", "+00:00", "-00:00", "+02:00", "-09:30", "+14:00", "-14:00", "+14:01", "+05:45", "+0200", "+2:00" };
            for (var i = 0; i < count; i++)
            {
                var year = random.Next(0, 6) == 0 ? random.Next(1, 10000) : random.Next(1990, 2040);
                var month = random.Next(0, 14);
                var day = random.Next(0, 33);
                var hour = random.Next(0, 26);
                var minute = random.Next(0, 62);
                var second = random.Next(0, 62);
                yield return string.Format(
                    CultureInfo.InvariantCulture,
                    "{0:0000}-{1:00}-{2:00}{3}{4:00}:{5:00}:{6:00}{7}{8}",
                    year,
                    month,
                    day,
                    separators[random.Next(separators.Length)],
                    hour,
                    minute,
                    second,
                    fractions[random.Next(fractions.Length)],
                    offsets[random.Next(offsets.Length)]);
            }
        }
    }
}
