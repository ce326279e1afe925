using System;
using System.Globalization;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// The canonical text of a value for hashing and comparing: decimals without trailing zeros,
    /// date-times in UTC, booleans lower case, and null distinct from empty text.
    /// </summary>
    public static class CanonicalValue
    {
        /// <summary>The canonical form of null; no text value can equal it because it starts with a NUL character.</summary>
        public const string Null = "\0null";

        public static string Of(object? value)
        {
            switch (value)
            {
                case null:
                    return Null;
                case string s:
                    return s;
                case decimal d:
                    return Normalize(d).ToString(CultureInfo.InvariantCulture);
                case double dbl:
                    return Normalize((decimal)dbl).ToString(CultureInfo.InvariantCulture);
                case float f:
                    return Normalize((decimal)f).ToString(CultureInfo.InvariantCulture);
                case long l:
                    return l.ToString(CultureInfo.InvariantCulture);
                case int i:
                    return i.ToString(CultureInfo.InvariantCulture);
                case bool b:
                    return b ? "true" : "false";
                case DateTimeOffset dto:
                    return dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
                case DateTime dt:
                    return (dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime())
                        .ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return value.ToString() ?? string.Empty;
            }
        }

        /// <summary>Returns true when two values are equal in canonical form (1.50 equals 1.5).</summary>
        public static bool AreEqual(object? left, object? right) =>
            string.Equals(Of(left), Of(right), StringComparison.Ordinal);

        /// <summary>Removes trailing zeros from the scale: 1.500 becomes 1.5 and 2.00 becomes 2.</summary>
        public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
    }
}
