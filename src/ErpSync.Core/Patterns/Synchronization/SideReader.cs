using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// Reads one side of a synchronisation: first into an index of keys and hashes, then once more
    /// for only the records that the plan writes or compares field by field.
    /// </summary>
    internal sealed class SideReader
    {
        private readonly Endpoint endpoint;
        private readonly IReadOnlyDictionary<string, string> keyByNativeId;
        private readonly IReadOnlyList<string> jobKeyFields;

        /// <param name="endpoint">The side to read.</param>
        /// <param name="keyByNativeId">The job's id map of this side, from native id to job key.</param>
        /// <param name="otherKeyFields">The key fields of the other side, which an unmapped record of an id-assigning side is matched by.</param>
        public SideReader(Endpoint endpoint, IReadOnlyDictionary<string, string> keyByNativeId, IReadOnlyList<string> otherKeyFields)
        {
            this.endpoint = endpoint;
            this.keyByNativeId = keyByNativeId;
            var sameKey = otherKeyFields.Count == endpoint.Schema.KeyFields.Count
                && otherKeyFields.All(f => endpoint.Schema.KeyFields.Contains(f, StringComparer.OrdinalIgnoreCase));
            jobKeyFields = endpoint.Can(EndpointCapabilities.NativeIds) && !sameKey ? otherKeyFields : Array.Empty<string>();
        }

        public Endpoint Endpoint => endpoint;

        /// <summary>Keys whose rows failed to read; the run leaves them alone rather than take them for absent.</summary>
        public HashSet<string> Unreadable { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Returns the field names of the first record, or null when the side has no record.</summary>
        public IReadOnlyList<string>? PeekFields(CancellationToken cancellationToken)
        {
            foreach (var item in endpoint.Read(null, cancellationToken))
            {
                if (item.Record != null)
                {
                    return item.Record.Fields.Names.ToList();
                }
            }

            return null;
        }

        /// <summary>
        /// Keys that more than one record of the side maps to, with the read ordinal of the last such
        /// record: the index keeps the last one, so the second read must hand out that one as well.
        /// </summary>
        private readonly Dictionary<string, long> repeatedKeys = new Dictionary<string, long>(StringComparer.Ordinal);

        /// <summary>
        /// The stream positions of the items that the first read rejected as duplicate keys. The second
        /// read skips the duplicate-key check, which would keep every key of the side once more, and
        /// skips these items instead.
        /// </summary>
        private readonly HashSet<long> duplicateItems = new HashSet<long>();

        /// <summary>The number of keys the first read gave the index.</summary>
        public int Keys { get; private set; }

        /// <summary>True when every key of the side came from one row, so that reading the rows by key finds the record the first read indexed.</summary>
        public bool KeysUnique => repeatedKeys.Count == 0 && duplicateItems.Count == 0;

        /// <summary>
        /// Starts the first read on a background thread, which also builds each record, its job key and
        /// the hash of the compared fields. Items come in read order; the first is read on the caller's thread.
        /// </summary>
        public IEnumerable<(ReadItem Item, IndexedRecord Record)> ReadForIndex(IReadOnlyList<string> comparedFields, CancellationToken cancellationToken)
        {
            var items = endpoint.Read(null, checkDuplicates: !FindsDuplicates, cancellationToken).Select(item => (item, item.Record == null ? default : ToIndexed(item.Record, comparedFields)));
            return ReadAhead.Of(items, null, cancellationToken, ReadAhead.DefaultChunkSize, ReadAhead.DefaultDepth);
        }

        /// <summary>
        /// Counts one item of the first read, in read order. Returns the record's ordinal among the
        /// records of the read, or 0 for a row that failed to read, which goes to <paramref name="failed"/>.
        /// </summary>
        public long Count(in ReadItem item, Action<RecordError>? failed)
        {
            itemOrdinal++;
            if (item.Record == null)
            {
                if (item.Error!.ErrorId == ErrorIds.KeyDuplicate)
                {
                    duplicateItems.Add(itemOrdinal);
                }

                NoteFailure(item.Error!, failed);
                return 0;
            }

            return ++recordOrdinal;
        }

        /// <summary>
        /// True when the job key of every record is its own normalized key. The caller then finds the keys
        /// that the side repeats in the index, and the first read runs without the endpoint's duplicate-key
        /// check, which would keep a second set of all the side's keys.
        /// </summary>
        public bool FindsDuplicates => keyByNativeId.Count == 0 && jobKeyFields.Count == 0;

        /// <summary>Rejects a counted record whose key the side had already read at <paramref name="firstRow"/>, as the endpoint's duplicate-key check does.</summary>
        public void RejectDuplicate(in ReadItem item, long? firstRow, Action<RecordError>? failed)
        {
            duplicateItems.Add(itemOrdinal);
            recordOrdinal--;
            NoteFailure(endpoint.DuplicateKeyError(item.Record!, firstRow), failed);
        }

        /// <summary>Stores a counted record in the side's half of the index; records must come in the order of their ordinals per key.</summary>
        public void Apply(SyncIndex index, SyncSide side, in IndexedRecord record, long ordinal)
        {
            if (index.SetSide(side, record))
            {
                Keys++;
            }
            else
            {
                repeatedKeys[record.Key] = ordinal;
            }
        }

        private long itemOrdinal;
        private long recordOrdinal;

        private IndexedRecord ToIndexed(ErpRecord record, IReadOnlyList<string> comparedFields)
        {
            var key = KeyOf(record);
            var matchedByKeyFields = record.NativeId != null && !keyByNativeId.ContainsKey(record.NativeId) && key != record.Key.Normalized;
            return new IndexedRecord(key, record.Key, HashValue.Parse(record.HashOf(comparedFields)), record.NativeId, matchedByKeyFields, record.Position);
        }

        /// <summary>Reads the side again and hands out the records of the given keys, in read order.</summary>
        public RecordLookup Lookup(Func<string, bool> needed, bool anyNeeded, CancellationToken cancellationToken) =>
            new RecordLookup(needed, anyNeeded, Stream(needed, cancellationToken));

        private IEnumerable<KeyValuePair<string, ErpRecord>> Stream(Func<string, bool> needed, CancellationToken cancellationToken)
        {
            long ordinal = 0;
            long itemOrdinal = 0;
            var items = ReadAhead.Of(endpoint.Read(null, checkDuplicates: false, cancellationToken), null, cancellationToken, ReadAhead.DefaultChunkSize, ReadAhead.DefaultDepth);
            foreach (var item in items)
            {
                itemOrdinal++;
                if (item.Record == null || duplicateItems.Contains(itemOrdinal))
                {
                    continue;
                }

                ordinal++;
                var key = KeyOf(item.Record);
                if (!needed(key))
                {
                    continue;
                }

                if (repeatedKeys.TryGetValue(key, out var lastOrdinal) && lastOrdinal != ordinal)
                {
                    continue;
                }

                yield return new KeyValuePair<string, ErpRecord>(key, item.Record);
            }
        }

        /// <summary>
        /// Returns the job's key of a record: the key the id map holds for its native id, else, on a side
        /// that assigns its own ids, the key built from the other side's key fields, else its own key.
        /// </summary>
        /// <remarks>
        /// The fallback finds a record that a run created but whose id map entry a crash lost, so the next
        /// run adopts it instead of creating it again. It works because a create copies the other side's key fields.
        /// </remarks>
        public string KeyOf(ErpRecord record)
        {
            if (record.NativeId != null && keyByNativeId.TryGetValue(record.NativeId, out var mapped))
            {
                return mapped;
            }

            if (jobKeyFields.Count == 0)
            {
                return record.Key.Normalized;
            }

            var jobKey = ErpRecord.BuildKey(record.Fields, jobKeyFields, endpoint.Options.KeyNormalization, out _);
            return jobKey?.Normalized ?? record.Key.Normalized;
        }

        private void NoteFailure(RecordError error, Action<RecordError>? failed)
        {
            if (error.Key != null)
            {
                var parts = endpoint.Schema.KeyFields.Count > 1 ? error.Key.Split('|') : new[] { error.Key };
                Unreadable.Add(new RecordKey(parts, endpoint.Options.KeyNormalization).Normalized);
            }

            failed?.Invoke(error);
        }
    }
}
