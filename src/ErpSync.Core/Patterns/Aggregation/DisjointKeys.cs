using System;
using System.Collections.Generic;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>
    /// Decides whether each key can come from one source only. A key's merge is then complete as soon
    /// as its source has read it, so the key can be written without waiting for the other sources.
    /// </summary>
    internal static class DisjointKeys
    {
        /// <summary>
        /// Returns true for a single source, or when every source has a key prefix and no source's
        /// normalized prefix starts with another's, so no normalized key can start with both.
        /// </summary>
        public static bool Hold(IReadOnlyList<MergeSource> sources)
        {
            if (sources.Count == 1)
            {
                return true;
            }

            var starts = new List<string>();
            foreach (var source in sources)
            {
                var start = NormalizedStart(source);
                if (start == null)
                {
                    return false;
                }

                starts.Add(start);
            }

            for (var i = 0; i < starts.Count; i++)
            {
                for (var j = i + 1; j < starts.Count; j++)
                {
                    if (starts[i].StartsWith(starts[j], StringComparison.Ordinal) || starts[j].StartsWith(starts[i], StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// Returns the text that every normalized key of the source starts with, or null when the
        /// prefix fixes none. A prefixed key part is the prefix and a value with at least one
        /// character that is not white space, so trimming leaves the prefix's end alone. A prefix needs
        /// a character that is neither a digit nor white space, so leading-zero folding, which applies
        /// only to keys of digits, never changes it.
        /// </summary>
        private static string? NormalizedStart(MergeSource source)
        {
            var prefix = source.KeyPrefix;
            if (string.IsNullOrEmpty(prefix) || char.IsHighSurrogate(prefix![prefix.Length - 1]) || !HasLetterOrSign(prefix))
            {
                return null;
            }

            var normalization = source.Endpoint.Options.KeyNormalization;
            var start = normalization.Trim ? prefix.TrimStart() : prefix;
            return normalization.IgnoreCase ? start.ToUpperInvariant() : start;
        }

        private static bool HasLetterOrSign(string prefix)
        {
            foreach (var c in prefix)
            {
                if (!char.IsWhiteSpace(c) && !char.IsDigit(c))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
