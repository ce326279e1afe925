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
                : IsLowerCaseOf(ownKey, key) ? KeySpellingKind.LowerCase : KeySpellingKind.Kept;
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

        /// <summary>
        /// Returns <see cref="KeySpelling.IsRebuiltFrom"/> for the lower-case form of the key. An ASCII key,
        /// the common case, is compared without making that form, since lower-casing ASCII maps each
        /// character on its own.
        /// </summary>
        private static bool IsLowerCaseOf(RecordKey ownKey, string key)
        {
            if (!AsciiKey.IsAscii(key) || ownKey.RawParts.Count != 1)
            {
                return KeySpelling.IsRebuiltFrom(ownKey, key, key.ToLowerInvariant());
            }

            var part = ownKey.RawParts[0];
            return string.Equals(ownKey.Normalized, key, System.StringComparison.Ordinal)
                && part.Length == key.Length
                && part.IndexOf(RecordKey.PartSeparator) < 0
                && AsciiKey.EqualsLowerCase(part, key);
        }
    }
}
