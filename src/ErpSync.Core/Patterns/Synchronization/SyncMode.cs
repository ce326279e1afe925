namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>Which of the two synchronisation patterns a run follows.</summary>
    public enum SyncMode
    {
        /// <summary>Creates, updates and (on request) deletes on both sides.</summary>
        Bidirectional,

        /// <summary>Updates only keys that both sides hold; never creates or deletes.</summary>
        Correlation,
    }
}
