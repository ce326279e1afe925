namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>How a broadcast finds the source's changes.</summary>
    public enum ChangeDetection
    {
        /// <summary>Reads records modified since the stored watermark minus an overlap window, and drops hashes already sent.</summary>
        Watermark,

        /// <summary>Reads every record and compares its hash with the last snapshot; also finds deletes.</summary>
        Snapshot,
    }
}
