namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>How FieldMerge settles one field that changed differently on both sides.</summary>
    public enum FieldConflictPolicy
    {
        LeftWins,
        RightWins,
        Newest,
    }
}
