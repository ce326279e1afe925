using System;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// Tells whether a key's raw spelling can be rebuilt from its normalized form, so that indexes of
    /// many keys keep only the normalized string and store the raw key for the few that differ.
    /// </summary>
    internal static class KeySpelling
    {
        /// <summary>Rebuilds a key from its normalized form, or from the lower-case form of it.</summary>
        public static RecordKey Rebuild(string key, bool lowerCase) =>
            lowerCase ? RecordKey.FromParts(key.ToLowerInvariant().Split(RecordKey.PartSeparator), key) : RecordKey.FromNormalized(key);

        /// <summary>
        /// True when the own key normalizes to the index key and its raw parts, joined, read as
        /// <paramref name="spelled"/>: the index key itself, or its lower-case form for keys such as
        /// e-mail addresses that the default normalization upper-cases. Such a key need not be kept.
        /// </summary>
        public static bool IsRebuiltFrom(RecordKey ownKey, string key, string spelled)
        {
            if (!string.Equals(ownKey.Normalized, key, StringComparison.Ordinal))
            {
                return false;
            }

            var start = 0;
            var parts = ownKey.RawParts;
            for (var i = 0; i < parts.Count; i++)
            {
                var part = parts[i];
                if (part.IndexOf(RecordKey.PartSeparator) >= 0 || start + part.Length > spelled.Length || string.CompareOrdinal(spelled, start, part, 0, part.Length) != 0)
                {
                    return false;
                }

                start += part.Length;
                var last = i == parts.Count - 1;
                if (last ? start != spelled.Length : start >= spelled.Length || spelled[start] != RecordKey.PartSeparator)
                {
                    return false;
                }

                start++;
            }

            return true;
        }
    }
}
