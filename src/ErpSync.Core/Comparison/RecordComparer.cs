using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;

namespace ErpSync.Core.Comparison
{
    /// <summary>
    /// Compares the records of two endpoints by key, on the fields both records carry except the key
    /// fields. Memory grows with the number of keys, not with record size. The first pass keeps a
    /// 64-bit hash per field of each reference record. The second reads the difference endpoint and
    /// keeps only the records that differ or exist on that side alone. A third pass re-reads the
    /// reference endpoint to report both values of each differing field. With
    /// <see cref="IncludeEqual"/> the equal records are kept as well.
    /// </summary>
    public sealed class RecordComparer
    {
        private readonly Endpoint reference;
        private readonly Endpoint difference;
        private readonly Dictionary<string, string[]> internedNames = new Dictionary<string, string[]>(StringComparer.Ordinal);
        private readonly SHA256 sha = SHA256.Create();
        private readonly HashSet<string> keyFields;

        public RecordComparer(Endpoint reference, Endpoint difference)
        {
            this.reference = reference;
            this.difference = difference;
            keyFields = new HashSet<string>(reference.Schema.KeyFields.Concat(difference.Schema.KeyFields), StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The fields to compare; when null every field both records carry is compared.</summary>
        public ISet<string>? Fields { get; set; }

        /// <summary>Fields that are never compared.</summary>
        public ISet<string> ExcludedFields { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Whether keys whose records are equal are returned too, with the status Equal.</summary>
        public bool IncludeEqual { get; set; }

        /// <summary>Raised for each row of either endpoint that could not be read as a record; the comparison skips it.</summary>
        public event Action<RecordError>? RecordFailed;

        /// <summary>Raised with a line about each pass, for verbose output.</summary>
        public event Action<string>? Message;

        /// <summary>Returns one comparison per key that differs: reference order first, then the keys only the difference endpoint has.</summary>
        public IEnumerable<ErpRecordComparison> Compare(CancellationToken cancellationToken = default)
        {
            var entries = ReadReference(cancellationToken);
            Message?.Invoke($"Read {entries.Count} records from the {reference.Describe()}.");

            var keptDifferenceRecords = new Dictionary<string, ErpRecord>(StringComparer.Ordinal);
            var onlyDifference = new List<ErpRecord>();
            long differenceCount = 0;
            foreach (var record in Records(difference, reportErrors: true, cancellationToken))
            {
                differenceCount++;
                if (!entries.TryGetValue(record.Key.Normalized, out var entry))
                {
                    onlyDifference.Add(record);
                    continue;
                }

                entry.Seen = true;
                entry.Differs = HashesDiffer(entry, record);
                if (entry.Differs || IncludeEqual)
                {
                    keptDifferenceRecords[record.Key.Normalized] = record;
                }
            }

            Message?.Invoke($"Read {differenceCount} records from the {difference.Describe()}.");

            if (entries.Values.Any(e => e.Differs || !e.Seen) || IncludeEqual)
            {
                foreach (var result in CompareWithReference(entries, keptDifferenceRecords, cancellationToken))
                {
                    yield return result;
                }
            }

            foreach (var record in onlyDifference)
            {
                yield return new ErpRecordComparison(record.Key, RecordComparisonStatus.OnlyDifference, null, record);
            }
        }

        private Dictionary<string, ReferenceEntry> ReadReference(CancellationToken cancellationToken)
        {
            var entries = new Dictionary<string, ReferenceEntry>(StringComparer.Ordinal);
            foreach (var record in Records(reference, reportErrors: true, cancellationToken))
            {
                var names = Intern(record.Fields.Names);
                var hashes = new long[names.Length];
                for (var i = 0; i < names.Length; i++)
                {
                    hashes[i] = Hash(record.Fields.Get(names[i]));
                }

                entries[record.Key.Normalized] = new ReferenceEntry(names, hashes);
            }

            return entries;
        }

        private IEnumerable<ErpRecordComparison> CompareWithReference(
            Dictionary<string, ReferenceEntry> entries,
            Dictionary<string, ErpRecord> keptDifferenceRecords,
            CancellationToken cancellationToken)
        {
            // Errors were reported by the first pass already, so this pass skips failed rows quietly.
            foreach (var record in Records(reference, reportErrors: false, cancellationToken))
            {
                if (!entries.TryGetValue(record.Key.Normalized, out var entry) || entry.Reported)
                {
                    continue;
                }

                entry.Reported = true;
                if (!entry.Seen)
                {
                    yield return new ErpRecordComparison(record.Key, RecordComparisonStatus.OnlyReference, record, null);
                    continue;
                }

                if (!keptDifferenceRecords.TryGetValue(record.Key.Normalized, out var other))
                {
                    continue;
                }

                var differences = DifferingFields(record, other);
                if (differences.Count > 0)
                {
                    yield return new ErpRecordComparison(record.Key, RecordComparisonStatus.Different, record, other, differences);
                }
                else if (IncludeEqual)
                {
                    yield return new ErpRecordComparison(record.Key, RecordComparisonStatus.Equal, record, other);
                }
            }
        }

        private IReadOnlyList<ErpFieldDifference> DifferingFields(ErpRecord left, ErpRecord right)
        {
            var differences = new List<ErpFieldDifference>();
            foreach (var name in left.Fields.Names)
            {
                if (IsCompared(name, right) && !CanonicalValue.AreEqual(left[name], right[name]))
                {
                    differences.Add(new ErpFieldDifference(name, left[name], right[name]));
                }
            }

            return differences;
        }

        private bool HashesDiffer(ReferenceEntry entry, ErpRecord record)
        {
            for (var i = 0; i < entry.Names.Length; i++)
            {
                if (IsCompared(entry.Names[i], record) && entry.Hashes[i] != Hash(record.Fields.Get(entry.Names[i])))
                {
                    return true;
                }
            }

            return false;
        }

        // Key fields matched already under the endpoints' key normalization, so ' a1' against 'A1' is no difference.
        private bool IsCompared(string field, ErpRecord other) =>
            other.Fields.Contains(field) &&
            !keyFields.Contains(field) &&
            !ExcludedFields.Contains(field) &&
            (Fields == null || Fields.Contains(field));

        private IEnumerable<ErpRecord> Records(Endpoint endpoint, bool reportErrors, CancellationToken cancellationToken)
        {
            foreach (var item in endpoint.Read(null, cancellationToken))
            {
                if (item.Record != null)
                {
                    yield return item.Record;
                }
                else if (reportErrors && item.Error != null)
                {
                    RecordFailed?.Invoke(item.Error);
                }
            }
        }

        // Records of one endpoint nearly always carry the same field names, so each distinct list is stored once.
        private string[] Intern(IReadOnlyList<string> names)
        {
            var signature = string.Join("\u001F", names);
            if (!internedNames.TryGetValue(signature, out var interned))
            {
                interned = names.ToArray();
                internedNames.Add(signature, interned);
            }

            return interned;
        }

        private long Hash(object? value)
        {
            var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(CanonicalValue.Of(value)));
            return BitConverter.ToInt64(digest, 0);
        }

        private sealed class ReferenceEntry
        {
            public ReferenceEntry(string[] names, long[] hashes)
            {
                Names = names;
                Hashes = hashes;
            }

            public string[] Names { get; }

            public long[] Hashes { get; }

            public bool Seen { get; set; }

            public bool Differs { get; set; }

            public bool Reported { get; set; }
        }
    }
}
