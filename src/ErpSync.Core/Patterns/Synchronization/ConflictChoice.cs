namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>The values a person chose for a stored conflict.</summary>
    public enum ConflictChoice
    {
        Left,
        Right,

        /// <summary>Values given with the resolution, written to both sides.</summary>
        Merged,
    }
}
