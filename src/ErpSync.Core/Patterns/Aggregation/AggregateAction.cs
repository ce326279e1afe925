namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>What an aggregation run did, or would do under -WhatIf, with one merged key.</summary>
    public enum AggregateAction
    {
        Created,
        Updated,
        Unchanged,
        Deleted,

        /// <summary>The key disappeared from every source and was kept in the target.</summary>
        Orphaned,

        /// <summary>The key could not be merged or written; the error stream holds the reason.</summary>
        Failed,

        /// <summary>The user declined the write at a -Confirm prompt.</summary>
        Skipped,
    }
}
