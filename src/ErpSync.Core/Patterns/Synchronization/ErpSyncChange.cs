using System;
using System.Collections.Generic;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>One action of a synchronisation run on one key, as returned with -PassThru.</summary>
    public sealed class ErpSyncChange
    {
        public ErpSyncChange(SyncAction action, SyncSide side, string key)
        {
            Action = action;
            Side = side;
            Key = key;
        }

        public SyncAction Action { get; }

        /// <summary>The side that was written, or the only side that has the key.</summary>
        public SyncSide Side { get; }

        /// <summary>The key as the source side stores it.</summary>
        public string Key { get; }

        public IReadOnlyList<string> ChangedFields { get; set; } = Array.Empty<string>();

        /// <summary>The record on the written side before the write; null for a create or when the run did not read it.</summary>
        public ErpRecord? Before { get; set; }

        /// <summary>The record as written; null for a delete or an action without a write.</summary>
        public ErpRecord? After { get; set; }

        /// <summary>Why the action was taken, in one sentence, for conflicts, skipped deletes and rejects.</summary>
        public string? Message { get; set; }

        public override string ToString() => $"{Action} {Side} {Key}";
    }
}
