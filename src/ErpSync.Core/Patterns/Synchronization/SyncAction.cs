namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>What a run did, or would do, to one key.</summary>
    public enum SyncAction
    {
        Created,
        Updated,
        Deleted,

        /// <summary>Both sides hold equal values; only the baseline was written.</summary>
        Adopted,

        /// <summary>Both sides changed differently; the conflict policy decided, or Manual stored it.</summary>
        Conflict,

        /// <summary>The key was deleted on one side and the delete was not propagated; the record stays on the other side.</summary>
        DeleteIgnored,

        /// <summary>The key was deleted on one side but changed on the other since the baseline, so the change was kept.</summary>
        DeleteSkipped,

        /// <summary>Only the left side has the key; correlation reports it and writes nothing.</summary>
        OnlyLeft,

        /// <summary>Only the right side has the key; correlation reports it and writes nothing.</summary>
        OnlyRight,

        /// <summary>A read or write of the key failed; the error record gives the reason.</summary>
        Rejected,
    }
}
