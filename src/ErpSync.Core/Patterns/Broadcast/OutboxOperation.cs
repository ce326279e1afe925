namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>What an outbox entry asks each target to do.</summary>
    public enum OutboxOperation
    {
        Upsert,
        Delete,
    }
}
