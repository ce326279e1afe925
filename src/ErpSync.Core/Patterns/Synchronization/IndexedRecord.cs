using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// One record of a side's first read as the <see cref="SyncIndex"/> takes it: the job's key, the
    /// hash of the compared fields and how the side spells the key. The read's own thread builds it,
    /// so the thread that fills the index only stores it.
    /// </summary>
    internal readonly struct IndexedRecord
    {
        public IndexedRecord(string key, RecordKey ownKey, HashValue hash, string? nativeId, bool matchedByKeyFields, long? row)
        {
            Key = key;
            OwnKey = ownKey;
            Hash = hash;
            NativeId = nativeId;
            MatchedByKeyFields = matchedByKeyFields;
            Row = row;
            Spelling = KeySpelling.IsRebuiltFrom(ownKey, key, key)
                ? KeySpellingKind.Normalized
                : KeySpelling.IsRebuiltFrom(ownKey, key, key.ToLowerInvariant()) ? KeySpellingKind.LowerCase : KeySpellingKind.Kept;
        }

        public string Key { get; }

        /// <summary>The key as the side stores it.</summary>
        public RecordKey OwnKey { get; }

        public HashValue Hash { get; }

        public string? NativeId { get; }

        public bool MatchedByKeyFields { get; }

        /// <summary>The record's position in the read, kept so that a record read again by key gets the same one.</summary>
        public long? Row { get; }

        public KeySpellingKind Spelling { get; }
    }
}
