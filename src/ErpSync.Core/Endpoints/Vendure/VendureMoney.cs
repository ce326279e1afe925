using System;
using System.Globalization;

namespace ErpSync.Core.Endpoints.Vendure
{
    /// <summary>
    /// Converts between decimal amounts and Vendure's integer minor units (cents for a currency with
    /// two decimals) in decimal arithmetic, so no amount is rounded on the way.
    /// </summary>
    public static class VendureMoney
    {
        public static decimal FromMinorUnits(long minorUnits, int digits) => minorUnits / Scale(digits);

        /// <summary>Returns the amount in minor units; an amount with more decimals than the currency has is rejected, not rounded.</summary>
        public static long ToMinorUnits(decimal amount, int digits)
        {
            var scaled = amount * Scale(digits);
            if (scaled != decimal.Truncate(scaled))
            {
                throw new ErpSyncException(
                    ErrorIds.ValueNotParsed,
                    $"The amount {amount.ToString(CultureInfo.InvariantCulture)} has more than {digits} decimals, which the shop's currency cannot hold. Round it in the source.",
                    kind: ErrorKind.InvalidData);
            }

            return decimal.ToInt64(scaled);
        }

        private static decimal Scale(int digits)
        {
            var scale = 1m;
            for (var i = 0; i < digits; i++)
            {
                scale *= 10m;
            }

            return scale;
        }
    }
}
