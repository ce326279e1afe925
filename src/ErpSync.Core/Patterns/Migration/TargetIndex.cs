using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>
    /// The target's keys, read once before the first write: per key the target's own spelling of the
    /// key and a hash of the compared fields. Entries are structs in arrays of fixed size and the keys
    /// are UTF-8 bytes in a <see cref="PackedKeySet"/>, as in the sync index. So memory grows with the
    /// number of keys, not with record size: the key's bytes, a hash table slot and about 40 bytes
    /// per key. Reading the target again after a crash is what makes a rerun create no duplicate.
    /// The index also finds duplicate keys in the target and in the source, so that neither read
    /// needs the endpoint's own set of keys.
    /// </summary>
    internal sealed class TargetIndex
    {
        private const int ChunkBits = 14;
        private const int ChunkSize = 1 << ChunkBits;
        private const int ChunkMask = ChunkSize - 1;
        private const long NoPosition = long.MinValue;

        private readonly PackedKeySet keys = new PackedKeySet();
        private readonly List<TargetEntry[]> chunks = new List<TargetEntry[]>();
        private readonly List<TargetDetails> details = new List<TargetDetails>();
        private readonly Dictionary<string, string[]> fieldSets = new Dictionary<string, string[]>(StringComparer.Ordinal);
        private readonly List<string[]> targetFieldSets = new List<string[]>();
        private readonly List<string[]> comparedFieldSets = new List<string[]>();
        private readonly bool keepFieldHashes;

        // The rows of one target share their columns, so the field sets of the last row are reused
        // while the next row has the same names in the same order.
        private string[] lastNames = Array.Empty<string>();
        private int lastFieldSet = -1;

        private TargetIndex(bool keepFieldHashes)
        {
            this.keepFieldHashes = keepFieldHashes;
        }

        public int Count => keys.Count;

        /// <summary>Target rows that could not become records (no key, a duplicate key, a bad value); they are not matched.</summary>
        public int Skipped { get; private set; }

        public static TargetIndex Empty(bool keepFieldHashes) => new TargetIndex(keepFieldHashes);

        /// <summary>
        /// Reads the target's records and hashes the fields they share with <paramref name="sourceFields"/>.
        /// With <paramref name="readAhead"/>, the read runs on a second thread while this one hashes and
        /// fills the index; reading the rows and building records costs more than the rest, so the
        /// hashing stays on this thread.
        /// </summary>
        public static TargetIndex Read(Endpoint target, IEnumerable<string> sourceFields, bool keepFieldHashes, bool readAhead, CancellationToken cancellationToken)
        {
            var index = new TargetIndex(keepFieldHashes);
            var source = new HashSet<string>(sourceFields.Select(f => f.ToUpperInvariant()), StringComparer.Ordinal);

            // A second row with a key already in the index is skipped here, as the read's own check would.
            var rows = target.Read(null, checkDuplicates: false, cancellationToken);
            if (readAhead)
            {
                rows = ReadAhead.Of(rows, null, cancellationToken, MigrationEngine.ReadAheadChunkSize, MigrationEngine.ReadAheadDepth);
            }

            using var items = rows.GetEnumerator();
            if (!MoveNextUnlessMissing(items))
            {
                return index;
            }

            do
            {
                var record = items.Current.Record;
                if (record == null || index.keys.TryFind(record.Key.Normalized, out _))
                {
                    index.Skipped++;
                    continue;
                }

                index.AddTargetRecord(record, source);
            }
            while (items.MoveNext());

            return index;
        }

        public bool TryFind(RecordKey key, out int position) => keys.TryFind(key.Normalized, out position);

        public bool IsSeen(int position) => Entry(position).Seen;

        /// <summary>Notes that a source record at <paramref name="sourcePosition"/> had the key at this position.</summary>
        public void MarkSeen(int position, long? sourcePosition)
        {
            ref var entry = ref Entry(position);
            entry.Seen = true;
            entry.SeenAt = sourcePosition ?? NoPosition;
        }

        /// <summary>Returns the source position of the first record with the key at this position, or null when it had none.</summary>
        public long? SeenAt(int position)
        {
            var seenAt = Entry(position).SeenAt;
            return seenAt == NoPosition ? (long?)null : seenAt;
        }

        /// <summary>Returns the key as the target stores it.</summary>
        public RecordKey ExistingKey(int position)
        {
            ref var entry = ref Entry(position);
            return DetailsOrNull(entry)?.ExistingKey ?? KeySpelling.Rebuild(keys.KeyAt(position), entry.LowerCase);
        }

        /// <summary>Remembers a key that this run creates, so a second source record with that key is caught.</summary>
        public void AddCreated(RecordKey key, long? sourcePosition)
        {
            ref var entry = ref Entry(Add(key.Normalized));
            entry.Hashed = false;
            entry.Seen = true;
            entry.SeenAt = sourcePosition ?? NoPosition;
            entry.Details = -1;
        }

        /// <summary>Returns true when the source record has the same values as the target in every field both carry.</summary>
        public bool IsUnchanged(int position, ErpRecord record)
        {
            ref var entry = ref Entry(position);
            if (!entry.Hashed)
            {
                return false;
            }

            var compared = Compared(targetFieldSets[entry.FieldSet], record);
            if (!compared.SequenceEqual(comparedFieldSets[entry.FieldSet], StringComparer.Ordinal))
            {
                // The hash covers another set of fields than this record carries, so equality cannot be shown.
                return false;
            }

            var hash = HashValue.FromParts(entry.HashHigh, entry.HashLow, DetailsOrNull(entry)?.HashText);
            return hash == HashValue.Parse(record.HashOf(compared));
        }

        /// <summary>Returns the compared fields whose values differ; all compared fields when no per-field hashes were kept.</summary>
        public IReadOnlyList<string> DifferingFields(int position, ErpRecord record)
        {
            ref var entry = ref Entry(position);
            var compared = entry.Hashed ? Compared(targetFieldSets[entry.FieldSet], record) : Array.Empty<string>();
            var names = record.Fields.Names.Where(n => compared.Contains(n.ToUpperInvariant(), StringComparer.Ordinal)).ToList();
            var fieldHashes = DetailsOrNull(entry)?.FieldHashes;
            var entryCompared = comparedFieldSets[entry.FieldSet];
            if (fieldHashes == null || !compared.SequenceEqual(entryCompared, StringComparer.Ordinal))
            {
                return names;
            }

            var differing = new List<string>();
            foreach (var name in names)
            {
                var at = Array.IndexOf(entryCompared, name.ToUpperInvariant());
                if (FieldHash(record[name]) != fieldHashes[at])
                {
                    differing.Add(name);
                }
            }

            return differing;
        }

        private void AddTargetRecord(ErpRecord record, HashSet<string> sourceFields)
        {
            if (lastFieldSet < 0 || !SameNames(record.Fields.Names, lastNames))
            {
                lastNames = record.Fields.Names.ToArray();
                var targetFields = Intern(lastNames.Select(n => n.ToUpperInvariant()).OrderBy(n => n, StringComparer.Ordinal).ToArray());
                var comparedFields = Intern(targetFields.Where(sourceFields.Contains).ToArray());
                lastFieldSet = FieldSetOf(targetFields, comparedFields);
            }

            var compared = comparedFieldSets[lastFieldSet];
            var key = record.Key.Normalized;
            ref var entry = ref Entry(Add(key));
            entry.FieldSet = lastFieldSet;
            entry.Hashed = true;
            entry.Seen = false;
            var hash = HashValue.Parse(record.HashOf(compared));
            entry.HashHigh = hash.High;
            entry.HashLow = hash.Low;
            RecordKey? keptKey = null;
            entry.LowerCase = false;
            if (!KeySpelling.IsRebuiltFrom(record.Key, key, key))
            {
                if (KeySpelling.IsRebuiltFrom(record.Key, key, key.ToLowerInvariant()))
                {
                    entry.LowerCase = true;
                }
                else
                {
                    keptKey = record.Key;
                }
            }

            ulong[]? fieldHashes = null;
            if (keepFieldHashes)
            {
                fieldHashes = compared.Select(name => FieldHash(record[name])).ToArray();
            }

            if (entry.Details >= 0 || keptKey != null || hash.Text != null || fieldHashes != null)
            {
                var extra = DetailsOf(ref entry);
                extra.ExistingKey = keptKey;
                extra.HashText = hash.Text;
                extra.FieldHashes = fieldHashes;
            }
        }

        private ref TargetEntry Entry(int position) => ref chunks[position >> ChunkBits][position & ChunkMask];

        private int Add(string key)
        {
            var position = keys.Add(key, out var added);
            if (!added)
            {
                return position;
            }

            if ((position >> ChunkBits) == chunks.Count)
            {
                chunks.Add(new TargetEntry[ChunkSize]);
            }

            ref var entry = ref Entry(position);
            entry.Details = -1;
            entry.FieldSet = FieldSetOf(Intern(Array.Empty<string>()), Intern(Array.Empty<string>()));
            return position;
        }

        private TargetDetails DetailsOf(ref TargetEntry entry)
        {
            if (entry.Details < 0)
            {
                entry.Details = details.Count;
                details.Add(new TargetDetails());
            }

            return details[entry.Details];
        }

        private TargetDetails? DetailsOrNull(in TargetEntry entry) => entry.Details < 0 ? null : details[entry.Details];

        /// <summary>Returns the position of a pair of shared field sets, adding it when it is new; a target has one or a few.</summary>
        private int FieldSetOf(string[] targetFields, string[] comparedFields)
        {
            for (var i = 0; i < targetFieldSets.Count; i++)
            {
                if (ReferenceEquals(targetFieldSets[i], targetFields) && ReferenceEquals(comparedFieldSets[i], comparedFields))
                {
                    return i;
                }
            }

            targetFieldSets.Add(targetFields);
            comparedFieldSets.Add(comparedFields);
            return targetFieldSets.Count - 1;
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
