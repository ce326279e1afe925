using System;
using System.Text;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// How an endpoint compares key values: surrounding spaces trimmed, case ignored, and optionally
    /// leading zeros folded so that the numeric SKUs 00123 and 123 are one key.
    /// </summary>
    public sealed class KeyNormalization
    {
        public static readonly KeyNormalization Default = new KeyNormalization();

        public KeyNormalization(bool trim = true, bool ignoreCase = true, bool foldLeadingZeros = false)
        {
            Trim = trim;
            IgnoreCase = ignoreCase;
            FoldLeadingZeros = foldLeadingZeros;
        }

        public bool Trim { get; }

        public bool IgnoreCase { get; }

        public bool FoldLeadingZeros { get; }

        /// <summary>Returns the comparable form of one key part.</summary>
        public string Normalize(string value)
        {
            var text = Trim ? value.Trim() : value;
            if (IgnoreCase)
            {
                text = text.ToUpperInvariant();
            }

            if (FoldLeadingZeros && IsAllDigits(text))
            {
                text = text.TrimStart('0');
                if (text.Length == 0)
                {
                    text = "0";
                }
            }

            return text;
        }

        private static bool IsAllDigits(string text)
        {
            if (text.Length == 0)
            {
                return false;
            }

            foreach (var c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString()
        {
            var builder = new StringBuilder();
            builder.Append(Trim ? "trim" : "no trim");
            builder.Append(IgnoreCase ? ", ignore case" : ", match case");
            if (FoldLeadingZeros)
            {
                builder.Append(", fold leading zeros");
            }

            return builder.ToString();
        }
    }
}
