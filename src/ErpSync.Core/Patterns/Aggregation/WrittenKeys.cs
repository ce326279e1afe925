using System;
using System.Collections.Generic;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>
    /// The keys that a run claims for its job, with the hash of each merged record, collected for the
    /// baselines that are stored when the run ends. A hash takes 16 bytes instead of its text, and
    /// the display key is kept only where it differs from the normalized key.
    /// </summary>
    internal sealed class WrittenKeys
    {
        private readonly List<Entry> entries = new List<Entry>();

        public int Count => entries.Count;

        public void Add(RecordKey key, string hash)
        {
            var display = key.ToString();
            entries.Add(new Entry
            {
                Normalized = key.Normalized,
                Display = string.Equals(display, key.Normalized, StringComparison.Ordinal) ? null : display,
                Hash = HashValue.Parse(hash),
            });
        }

        /// <summary>Returns each key as normalized key, key as a person reads it, and hash text.</summary>
        public IEnumerable<(string Normalized, string Display, string Hash)> Entries()
        {
            foreach (var entry in entries)
            {
                yield return (entry.Normalized, entry.Display ?? entry.Normalized, entry.Hash.ToString());
            }
        }

        private struct Entry
        {
            public string Normalized;

            public string? Display;

            public HashValue Hash;
        }
    }
}
