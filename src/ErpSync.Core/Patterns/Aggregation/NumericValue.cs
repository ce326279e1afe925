using System;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>Exact arithmetic and comparison for merge rules: integers stay integers until a decimal or an overflow joins them.</summary>
    internal static class NumericValue
    {
        /// <summary>Reads an integer or decimal; text is parsed with the source endpoint's culture. Returns false for anything else.</summary>
        public static bool TryRead(object value, ValueCoercer coercer, string field, out object? number)
        {
            switch (value)
            {
                case int i:
                    number = (long)i;
                    return true;
                case long l:
                    number = l;
                    return true;
                case short s:
                    number = (long)s;
                    return true;
                case byte b:
                    number = (long)b;
                    return true;
                case decimal d:
                    number = d;
                    return true;
                case string text:
                    try
                    {
                        number = coercer.Coerce(field, text, FieldType.Decimal);
                        return number != null;
                    }
                    catch (ValueCoercionException)
                    {
                        number = null;
                        return false;
                    }

                default:
                    number = null;
                    return false;
            }
        }

        public static object Add(object left, object right)
        {
            if (left is long a && right is long b)
            {
                try
                {
                    return checked(a + b);
                }
                catch (OverflowException)
                {
                    return (decimal)a + b;
                }
            }

            return Convert.ToDecimal(left) + Convert.ToDecimal(right);
        }

        /// <summary>Compares two numbers, two date-times or two texts (ordinally); returns false for values of different kinds.</summary>
        public static bool TryCompare(object left, object right, out int order)
        {
            if (IsNumber(left) && IsNumber(right))
            {
                order = Convert.ToDecimal(left).CompareTo(Convert.ToDecimal(right));
                return true;
            }

            if (left is DateTimeOffset leftTime && right is DateTimeOffset rightTime)
            {
                order = leftTime.CompareTo(rightTime);
                return true;
            }

            if (left is string leftText && right is string rightText)
            {
                order = string.CompareOrdinal(leftText, rightText);
                return true;
            }

            order = 0;
            return false;
        }

        private static bool IsNumber(object value) => value is long || value is int || value is decimal;
    }
}
