using System;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// Reads the most common ISO 8601 form, <c>yyyy-MM-ddTHH:mm:ss[.fffffff][Z|+hh:mm|-hh:mm]</c>
    /// with a T or a space, without the format matching of <see cref="DateTime.TryParseExact(string, string[], IFormatProvider, System.Globalization.DateTimeStyles, out DateTime)"/>.
    /// </summary>
    /// <remarks>
    /// It accepts only text that the invariant ISO formats of <see cref="ValueCoercer"/> also accept, and
    /// returns false for anything else (other forms, out-of-range parts, years 1 and 9999), so the caller
    /// then parses the text the general way and gets the same value or error as before.
    /// </remarks>
    internal static class IsoDateTimeText
    {
        private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

        /// <summary>Parses the text into its clock time and, when it gives Z or an offset, that offset.</summary>
        public static bool TryParse(string text, out DateTime clock, out TimeSpan? offset)
        {
            clock = default;
            offset = null;
            if (text.Length < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':')
            {
                return false;
            }

            if (!TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day) ||
                !TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second))
            {
                return false;
            }

            if (year < 2 || year > 9998 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) ||
                hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            var position = 19;
            long fractionTicks = 0;
            if (position < text.Length && text[position] == '.')
            {
                var digits = 0;
                position++;
                while (position < text.Length && text[position] >= '0' && text[position] <= '9')
                {
                    if (++digits > 7)
                    {
                        return false;
                    }

                    fractionTicks = (fractionTicks * 10) + (text[position] - '0');
                    position++;
                }

                if (digits == 0)
                {
                    return false;
                }

                for (var i = digits; i < 7; i++)
                {
                    fractionTicks *= 10;
                }
            }

            if (!TryOffset(text, position, out offset))
            {
                return false;
            }

            clock = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
            return true;
        }

        /// <summary>Reads what follows the time: nothing, Z, or an offset of at most 14 hours.</summary>
        private static bool TryOffset(string text, int position, out TimeSpan? offset)
        {
            offset = null;
            var rest = text.Length - position;
            if (rest == 0)
            {
                return true;
            }

            if (rest == 1 && text[position] == 'Z')
            {
                offset = TimeSpan.Zero;
                return true;
            }

            if (rest != 6 || (text[position] != '+' && text[position] != '-') || text[position + 3] != ':' ||
                !TryDigits(text, position + 1, 2, out var hours) || !TryDigits(text, position + 4, 2, out var minutes) || minutes > 59)
            {
                return false;
            }

            var span = new TimeSpan(hours, minutes, 0);
            if (span > MaxOffset)
            {
                return false;
            }

            offset = text[position] == '-' ? span.Negate() : span;
            return true;
        }

        private static bool TryDigits(string text, int start, int count, out int value)
        {
            value = 0;
            for (var i = start; i < start + count; i++)
            {
                var c = text[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            return true;
        }
    }
}
