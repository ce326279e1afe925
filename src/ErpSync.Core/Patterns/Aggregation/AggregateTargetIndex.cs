using System;
using System.Collections.Generic;
using System.Linq;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>
    /// The target's records as a merge that writes while it reads needs them: per normalized key the
    /// key as stored, the content hash and the set of field names that the hash covers. The values
    /// themselves are not kept.
    /// </summary>
    internal sealed class AggregateTargetIndex
    {
        private readonly Dictionary<string, int> positions = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<Entry> entries = new List<Entry>();
        private readonly FieldSets fieldSets = new FieldSets();

        public int Count => entries.Count;

        /// <summary>The number of keys that <see cref="Match"/> found.</summary>
        public int Matched { get; private set; }

        public void Add(ErpRecord record)
        {
            var key = record.Key;
            var plain = key.RawParts.Count == 1 && string.Equals(key.RawParts[0], key.Normalized, StringComparison.Ordinal);
            positions.Add(key.Normalized, entries.Count);
            entries.Add(new Entry
            {
                Key = plain ? null : key,
                Hash = HashValue.Parse(record.ContentHash),
                FieldSet = fieldSets.IdOf(record.Fields.Names),
            });
        }

        /// <summary>Returns the position of the key and marks it as merged, or -1 when the target has no such key.</summary>
        public int Match(string normalized)
        {
            if (!positions.TryGetValue(normalized, out var position))
            {
                return -1;
            }

            if (!entries[position].Matched)
            {
                var entry = entries[position];
                entry.Matched = true;
                entries[position] = entry;
                Matched++;
            }

            return position;
        }

        /// <summary>Returns the key as the target stores it.</summary>
        public RecordKey KeyAt(int position, string normalized) =>
            entries[position].Key ?? RecordKey.FromParts(new[] { normalized }, normalized);

        /// <summary>
        /// Returns whether the target's record contains the merged values, or null when the merged record
        /// has other fields than the target's record, so the stored hash does not cover the same fields.
        /// </summary>
        public bool? HasSameValues(int position, IReadOnlyList<string> mergedNames, string mergedHash)
        {
            var entry = entries[position];
            if (fieldSets.IdOf(mergedNames) != entry.FieldSet)
            {
                return null;
            }

            return entry.Hash == HashValue.Parse(mergedHash);
        }

        /// <summary>Returns the stored keys that no source gave, in the order of the target's read.</summary>
        public IEnumerable<RecordKey> Unmatched()
        {
            foreach (var pair in positions)
            {
                if (!entries[pair.Value].Matched)
                {
                    yield return KeyAt(pair.Value, pair.Key);
                }
            }
        }

        private struct Entry
        {
            /// <summary>The stored key, or null when its one raw part is its normalized form.</summary>
            public RecordKey? Key;

            public HashValue Hash;

            public int FieldSet;

            public bool Matched;
        }

        /// <summary>
        /// Numbers the sets of field names as the content hash covers them: upper-cased and without
        /// order. The records of one read share their list of names, so the last lists are remembered.
        /// </summary>
        private sealed class FieldSets
        {
            private readonly Dictionary<string, int> ids = new Dictionary<string, int>(StringComparer.Ordinal);
            private readonly IReadOnlyList<string>?[] recentLists = new IReadOnlyList<string>?[4];
            private readonly int[] recentIds = new int[4];

            // A list of names grows while its first record is built, so its length is part of the match.
            private readonly int[] recentCounts = new int[4];
            private int next;

            public int IdOf(IReadOnlyList<string> names)
            {
                for (var i = 0; i < recentLists.Length; i++)
                {
                    if (ReferenceEquals(recentLists[i], names) && SameCount(i, names))
                    {
                        return recentIds[i];
                    }
                }

                var signature = string.Join("\u001E", names.Select(n => n.ToUpperInvariant()).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal));
                if (!ids.TryGetValue(signature, out var id))
                {
                    id = ids.Count;
                    ids.Add(signature, id);
                }

                recentLists[next] = names;
                recentIds[next] = id;
                recentCounts[next] = names.Count;
                next = (next + 1) % recentLists.Length;
                return id;
            }

            private bool SameCount(int slot, IReadOnlyList<string> names) => recentCounts[slot] == names.Count;
        }
    }
}
