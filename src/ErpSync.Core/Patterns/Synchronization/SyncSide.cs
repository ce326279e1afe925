namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>The side of a synchronisation that a change or a choice applies to.</summary>
    public enum SyncSide
    {
        None,
        Left,
        Right,
        Both,
    }
}
