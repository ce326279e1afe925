using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>
    /// The target's keys, read once before the first write: per key the target's own spelling of the
    /// key and a hash of the compared fields. Memory grows with the number of keys, not with record
    /// size. Reading the target again after a crash is what makes a rerun create no duplicate.
    /// </summary>
    internal sealed class TargetIndex
    {
        private readonly Dictionary<string, TargetEntry> entries = new Dictionary<string, TargetEntry>(StringComparer.Ordinal);
        private readonly Dictionary<string, string[]> fieldSets = new Dictionary<string, string[]>(StringComparer.Ordinal);
        private readonly bool keepFieldHashes;

        // The rows of one target share their columns, so the field sets of the last row are reused
        // while the next row has the same names in the same order.
        private string[] lastNames = Array.Empty<string>();
        private string[] lastTargetFields = Array.Empty<string>();
        private string[] lastCompared = Array.Empty<string>();

        private TargetIndex(bool keepFieldHashes)
        {
            this.keepFieldHashes = keepFieldHashes;
        }

        public int Count => entries.Count;

        /// <summary>Target rows that could not become records (no key, a duplicate key, a bad value); they are not matched.</summary>
        public int Skipped { get; private set; }

        public static TargetIndex Empty(bool keepFieldHashes) => new TargetIndex(keepFieldHashes);

        /// <summary>Reads the target's records and hashes the fields they share with <paramref name="sourceFields"/>.</summary>
        public static TargetIndex Read(Endpoint target, IEnumerable<string> sourceFields, bool keepFieldHashes, CancellationToken cancellationToken)
        {
            var index = new TargetIndex(keepFieldHashes);
            var source = new HashSet<string>(sourceFields.Select(f => f.ToUpperInvariant()), StringComparer.Ordinal);
            using var items = target.Read(null, cancellationToken).GetEnumerator();
            if (!MoveNextUnlessMissing(items))
            {
                return index;
            }

            do
            {
                if (items.Current.Record == null)
                {
                    index.Skipped++;
                    continue;
                }

                index.AddTargetRecord(items.Current.Record, source);
            }
            while (items.MoveNext());

            return index;
        }

        public TargetEntry? Find(RecordKey key) => entries.TryGetValue(key.Normalized, out var entry) ? entry : null;

        /// <summary>Remembers a key that this run creates, so a second source record with that key is caught.</summary>
        public void AddCreated(RecordKey key)
        {
            var none = Intern(Array.Empty<string>());
            entries[key.Normalized] = new TargetEntry(key, none, none, null, null) { Seen = true };
        }

        /// <summary>Returns true when the source record has the same values as the target in every field both carry.</summary>
        public static bool IsUnchanged(TargetEntry entry, ErpRecord record)
        {
            if (entry.Hash == null)
            {
                return false;
            }

            var compared = Compared(entry.TargetFields, record);
            if (!compared.SequenceEqual(entry.ComparedFields, StringComparer.Ordinal))
            {
                // The hash covers another set of fields than this record carries, so equality cannot be shown.
                return false;
            }

            return string.Equals(record.HashOf(compared), entry.Hash, StringComparison.Ordinal);
        }

        /// <summary>Returns the compared fields whose values differ; all compared fields when no per-field hashes were kept.</summary>
        public static IReadOnlyList<string> DifferingFields(TargetEntry entry, ErpRecord record)
        {
            var compared = Compared(entry.TargetFields, record);
            var names = record.Fields.Names.Where(n => compared.Contains(n.ToUpperInvariant(), StringComparer.Ordinal)).ToList();
            if (entry.FieldHashes == null || !compared.SequenceEqual(entry.ComparedFields, StringComparer.Ordinal))
            {
                return names;
            }

            var differing = new List<string>();
            foreach (var name in names)
            {
                var at = Array.IndexOf(entry.ComparedFields, name.ToUpperInvariant());
                if (FieldHash(record[name]) != entry.FieldHashes[at])
                {
                    differing.Add(name);
                }
            }

            return differing;
        }

        private void AddTargetRecord(ErpRecord record, HashSet<string> sourceFields)
        {
            if (!SameNames(record.Fields.Names, lastNames))
            {
                lastNames = record.Fields.Names.ToArray();
                lastTargetFields = Intern(lastNames.Select(n => n.ToUpperInvariant()).OrderBy(n => n, StringComparer.Ordinal).ToArray());
                lastCompared = Intern(lastTargetFields.Where(sourceFields.Contains).ToArray());
            }

            var targetFields = lastTargetFields;
            var compared = lastCompared;
            ulong[]? fieldHashes = null;
            if (keepFieldHashes)
            {
                fieldHashes = compared.Select(name => FieldHash(record[name])).ToArray();
            }

            entries[record.Key.Normalized] = new TargetEntry(record.Key, targetFields, compared, record.HashOf(compared), fieldHashes);
        }

        private static bool MoveNextUnlessMissing(IEnumerator<ReadItem> items)
        {
            try
            {
                return items.MoveNext();
            }
            catch (ErpSyncException ex) when (ex.ErrorId == ErrorIds.FileNotFound)
            {
                // The target file does not exist yet; the first write creates it.
                return false;
            }
        }

        private static string[] Compared(string[] targetFields, ErpRecord record)
        {
            var cache = comparedCache ??= new ComparedCache();
            if (ReferenceEquals(cache.TargetFields, targetFields) && SameNames(record.Fields.Names, cache.RecordNames))
            {
                return cache.Compared;
            }

            var carried = new HashSet<string>(record.Fields.Names.Select(n => n.ToUpperInvariant()), StringComparer.Ordinal);
            cache.TargetFields = targetFields;
            cache.RecordNames = record.Fields.Names.ToArray();
            cache.Compared = targetFields.Where(carried.Contains).ToArray();
            return cache.Compared;
        }

        private static bool SameNames(IReadOnlyList<string> names, string[] previous)
        {
            if (names.Count != previous.Length)
            {
                return false;
            }

            for (var i = 0; i < previous.Length; i++)
            {
                if (!string.Equals(names[i], previous[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        [ThreadStatic]
        private static ComparedCache? comparedCache;

        /// <summary>The compared fields of the last record checked on this thread; the records of one source share their field names.</summary>
        private sealed class ComparedCache
        {
            public string[] TargetFields { get; set; } = Array.Empty<string>();

            public string[] RecordNames { get; set; } = Array.Empty<string>();

            public string[] Compared { get; set; } = Array.Empty<string>();
        }

        private string[] Intern(string[] names)
        {
            var signature = string.Join("\u001F", names);
            if (fieldSets.TryGetValue(signature, out var shared))
            {
                return shared;
            }

            fieldSets.Add(signature, names);
            return names;
        }

        /// <summary>Returns the 64-bit FNV-1a hash of a value's canonical text; enough to tell which field of a record changed.</summary>
        private static ulong FieldHash(object? value)
        {
            const ulong offsetBasis = 14695981039346656037;
            const ulong prime = 1099511628211;
            var hash = offsetBasis;
            foreach (var b in Encoding.UTF8.GetBytes(CanonicalValue.Of(value)))
            {
                hash ^= b;
                hash *= prime;
            }

            return hash;
        }
    }
}
