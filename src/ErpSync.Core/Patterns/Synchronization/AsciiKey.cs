namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>Comparisons of ASCII keys with their lower-case form that make no new string per key.</summary>
    internal static class AsciiKey
    {
        public static bool IsAscii(string text)
        {
            foreach (var c in text)
            {
                if (c > '\u007F')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when <paramref name="text"/> equals the lower-case form of the ASCII string <paramref name="key"/>, with each part separator read as <paramref name="separator"/>.</summary>
        public static bool EqualsLowerCase(string text, string key, char separator = Records.RecordKey.PartSeparator)
        {
            if (text.Length != key.Length)
            {
                return false;
            }

            for (var i = 0; i < key.Length; i++)
            {
                var expected = key[i];
                if (expected == Records.RecordKey.PartSeparator)
                {
                    expected = separator;
                }
                else if (expected >= 'A' && expected <= 'Z')
                {
                    expected = (char)(expected + ('a' - 'A'));
                }

                if (text[i] != expected)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
