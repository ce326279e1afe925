namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>How a key changed differently on both sides since the baseline is settled.</summary>
    public enum ConflictPolicy
    {
        /// <summary>Stores the conflict for Resolve-ErpConflict and writes neither side.</summary>
        Manual,

        LeftWins,

        RightWins,

        /// <summary>The record with the later modification time wins; a tie or a missing time goes to the tie-breaker side.</summary>
        Newest,

        /// <summary>Merges per field against the baseline; fields changed on both sides follow the field conflict policy.</summary>
        FieldMerge,
    }
}
