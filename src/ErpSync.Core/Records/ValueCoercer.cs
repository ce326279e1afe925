using System;
using System.Globalization;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// Converts the values a system hands over (text from files, numbers from databases, objects from
    /// PowerShell) into the schema's types, with the endpoint's culture and time zone. A value without
    /// a UTC offset takes the endpoint's zone, never the machine's.
    /// </summary>
    public sealed class ValueCoercer
    {
        private const NumberStyles DecimalStyles = NumberStyles.Number | NumberStyles.AllowExponent;
        private const NumberStyles IntegerStyles = NumberStyles.Integer | NumberStyles.AllowThousands;

        // ISO 8601 with a T or a space between date and time, seconds and fractions optional, and K for Z, an offset or nothing.
        private static readonly string[] IsoDateTimeFormats =
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

        public static readonly ValueCoercer Invariant = new ValueCoercer(CultureInfo.InvariantCulture, TimeZoneInfo.Utc);

        public ValueCoercer(CultureInfo culture, TimeZoneInfo timeZone, string? nullText = null)
        {
            Culture = culture;
            TimeZone = timeZone;
            NullText = nullText;
        }

        public CultureInfo Culture { get; }

        public TimeZoneInfo TimeZone { get; }

        /// <summary>The text that means null (for example NULL or \N); when not set, every text stays text.</summary>
        public string? NullText { get; }

        /// <summary>
        /// Converts a value to the given type. Empty text stays empty text for text fields and becomes
        /// null for the other types. Throws <see cref="ValueCoercionException"/> naming the field.
        /// </summary>
        public object? Coerce(string field, object? value, FieldType type)
        {
            if (value == null || value is DBNull)
            {
                return null;
            }

            if (value is string text)
            {
                if (NullText != null && string.Equals(text, NullText, StringComparison.Ordinal))
                {
                    return null;
                }

                if (type != FieldType.Text && text.Trim().Length == 0)
                {
                    return null;
                }
            }

            try
            {
                switch (type)
                {
                    case FieldType.Text:
                        return ToText(value);
                    case FieldType.Integer:
                        return ToInteger(value);
                    case FieldType.Decimal:
                        return ToDecimal(value);
                    case FieldType.Boolean:
                        return ToBoolean(value);
                    case FieldType.DateTime:
                        return ToDateTime(value);
                    default:
                        throw new ArgumentOutOfRangeException(nameof(type), type, null);
                }
            }
            catch (Exception ex) when (ex is FormatException || ex is OverflowException || ex is InvalidCastException || ex is ArgumentException)
            {
                throw new ValueCoercionException(field, value, type, Culture, ex);
            }
        }

        /// <summary>Returns a typed value as text for a system that stores text, culture-independent unless the endpoint names a culture.</summary>
        public string? Format(object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case string s:
                    return s;
                case decimal d:
                    return d.ToString(Culture);
                case DateTimeOffset dto when Culture == CultureInfo.InvariantCulture:
                    return dto.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
                case DateTimeOffset dto:
                    // A file in a country's format gets its dates back in that format, in the endpoint's
                    // time zone, which is also the zone the endpoint reads them in.
                    return TimeZoneInfo.ConvertTime(dto, TimeZone).DateTime.ToString("G", Culture);
                case bool b:
                    return b ? "true" : "false";
                case IFormattable formattable:
                    return formattable.ToString(null, Culture);
                default:
                    return value.ToString();
            }
        }

        private string ToText(object value)
        {
            switch (value)
            {
                case string s:
                    return s;
                case decimal d:
                    return d.ToString(CultureInfo.InvariantCulture);
                case double dbl:
                    return ((decimal)dbl).ToString(CultureInfo.InvariantCulture);
                case DateTimeOffset dto:
                    return dto.ToString("o", CultureInfo.InvariantCulture);
                case bool b:
                    return b ? "true" : "false";
                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return value.ToString() ?? string.Empty;
            }
        }

        private long ToInteger(object value)
        {
            switch (value)
            {
                case long l:
                    return l;
                case int i:
                    return i;
                case short s:
                    return s;
                case byte b:
                    return b;
                case bool flag:
                    return flag ? 1 : 0;
                case decimal d:
                    return WholeNumber(d);
                case double dbl:
                    return WholeNumber((decimal)dbl);
                case float f:
                    return WholeNumber((decimal)f);
                case string text:
                    var trimmed = text.Trim();
                    CheckDigitGroups(trimmed);
                    if (long.TryParse(trimmed, IntegerStyles, Culture, out var parsed))
                    {
                        return parsed;
                    }

                    return WholeNumber(decimal.Parse(trimmed, DecimalStyles, Culture));
                default:
                    return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            }
        }

        private static long WholeNumber(decimal value)
        {
            if (decimal.Truncate(value) != value)
            {
                throw new FormatException("The value has a fractional part, but the field is an integer.");
            }

            return decimal.ToInt64(value);
        }

        private decimal ToDecimal(object value)
        {
            switch (value)
            {
                case decimal d:
                    return d;
                case long l:
                    return l;
                case int i:
                    return i;
                case double dbl:
                    // A double converts with 15 significant digits, so a REAL column's 21.35 comes back as 21.35.
                    return (decimal)dbl;
                case float f:
                    return (decimal)f;
                case string text:
                    var trimmed = text.Trim();
                    CheckDigitGroups(trimmed);
                    return decimal.Parse(trimmed, DecimalStyles, Culture);
                default:
                    return Convert.ToDecimal(value, CultureInfo.InvariantCulture);
            }
        }

        /// <summary>
        /// Rejects a group separator that is not followed by whole digit groups. .NET accepts a group
        /// separator anywhere, so without this check the invariant culture reads the German price 12,50
        /// as 1250 and de-DE reads 1.5 as 15.
        /// </summary>
        private void CheckDigitGroups(string text)
        {
            var format = Culture.NumberFormat;
            var separator = format.NumberGroupSeparator;
            if (separator.Length == 0 || text.IndexOf(separator, StringComparison.Ordinal) < 0)
            {
                return;
            }

            var decimalAt = text.IndexOf(format.NumberDecimalSeparator, StringComparison.Ordinal);
            var integerPart = decimalAt >= 0 ? text.Substring(0, decimalAt) : text;
            var groups = integerPart.Split(new[] { separator }, StringSplitOptions.None);
            var sizes = format.NumberGroupSizes;
            for (var i = groups.Length - 1; i >= 0; i--)
            {
                var digits = CountDigits(groups[i]);
                var fromRight = groups.Length - 1 - i;
                var expected = sizes.Length == 0 ? 3 : sizes[Math.Min(fromRight, sizes.Length - 1)];
                if (!GroupFits(digits, expected, isLeading: i == 0))
                {
                    throw new FormatException($"'{separator}' separates thousands in this culture, but it is not followed by groups of {(sizes.Length == 0 ? 3 : sizes[0])} digits.");
                }
            }
        }

        private static int CountDigits(string text)
        {
            var count = 0;
            foreach (var c in text)
            {
                if (c >= '0' && c <= '9')
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>Returns true when a digit group has the size the culture expects; the leading group may be shorter, and a size of 0 means any length.</summary>
        private static bool GroupFits(int digits, int expected, bool isLeading)
        {
            if (expected == 0)
            {
                return digits >= 1;
            }

            return isLeading ? digits >= 1 && digits <= expected : digits == expected;
        }

        private static bool ToBoolean(object value)
        {
            switch (value)
            {
                case bool b:
                    return b;
                case long l:
                    return BooleanFromNumber(l);
                case int i:
                    return BooleanFromNumber(i);
                case decimal d:
                    return BooleanFromNumber(d);
                case string text:
                    switch (text.Trim().ToLowerInvariant())
                    {
                        case "true":
                        case "yes":
                        case "y":
                        case "1":
                        case "on":
                            return true;
                        case "false":
                        case "no":
                        case "n":
                        case "0":
                        case "off":
                            return false;
                    }

                    throw new FormatException("Expected true, false, yes, no, 1 or 0.");
                default:
                    return Convert.ToBoolean(value, CultureInfo.InvariantCulture);
            }
        }

        private static bool BooleanFromNumber(decimal number)
        {
            if (number == 0)
            {
                return false;
            }

            if (number == 1)
            {
                return true;
            }

            throw new FormatException("Expected 1 or 0.");
        }

        private DateTimeOffset ToDateTime(object value)
        {
            switch (value)
            {
                case DateTimeOffset dto:
                    return dto;
                case DateTime dt:
                    return FromDateTime(dt);
                case string text:
                    return ParseDateTime(text.Trim());
                default:
                    throw new FormatException("Expected a date and time.");
            }
        }

        private DateTimeOffset ParseDateTime(string text)
        {
            if (Culture == CultureInfo.InvariantCulture && IsoDateTimeText.TryParse(text, out var clock, out var offset))
            {
                return offset == null ? FromDateTime(clock) : new DateTimeOffset(clock, offset.Value);
            }

            var styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind;
            DateTime parsed;
            if (Culture == CultureInfo.InvariantCulture)
            {
                // Without a culture only ISO 8601 is read: the invariant culture would take 04.12.2026
                // as April 12, which is wrong for most of the world, so such text must name its culture.
                if (!DateTime.TryParseExact(text, IsoDateTimeFormats, CultureInfo.InvariantCulture, styles, out parsed))
                {
                    throw new FormatException("Expected an ISO 8601 date and time such as 2026-03-31T14:05:00+02:00; for dates written in a country's format, give the endpoint its -Culture (for example de-DE).");
                }
            }
            else if (!DateTime.TryParse(text, Culture, styles, out parsed))
            {
                throw new FormatException("Expected a date and time such as 2026-03-31T14:05:00+02:00.");
            }

            if (parsed.Kind == DateTimeKind.Unspecified)
            {
                return FromDateTime(parsed);
            }

            // The text carried Z or an offset; keep the offset it gave.
            return DateTimeOffset.Parse(text, Culture, DateTimeStyles.AllowWhiteSpaces);
        }

        private DateTimeOffset FromDateTime(DateTime value)
        {
            switch (value.Kind)
            {
                case DateTimeKind.Utc:
                    return new DateTimeOffset(value, TimeSpan.Zero);
                case DateTimeKind.Local:
                    return new DateTimeOffset(value);
                default:
                    if (TimeZone.IsInvalidTime(value))
                    {
                        throw new FormatException($"The time does not exist in the time zone '{TimeZone.Id}' (it falls into a daylight saving gap).");
                    }

                    return new DateTimeOffset(value, TimeZone.GetUtcOffset(value));
            }
        }
    }
}
