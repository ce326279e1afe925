using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>What a run keeps of one record of one side: keys and hash, never the record itself. Built from the <see cref="SyncIndex"/> only for keys that the run acts on.</summary>
    internal sealed class SideEntry
    {
        public SideEntry(RecordKey ownKey, HashValue hash, string? nativeId)
        {
            OwnKey = ownKey;
            Hash = hash;
            NativeId = nativeId;
        }

        /// <summary>The key as this side stores it, used to address the record when writing.</summary>
        public RecordKey OwnKey { get; }

        /// <summary>The hash over the compared fields.</summary>
        public HashValue Hash { get; }

        public string? NativeId { get; set; }

        /// <summary>True when the id map lacked the record's native id and the other side's key fields matched it, so the run adds the id map entry.</summary>
        public bool MatchedByKeyFields { get; set; }
    }
}
