namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>What delivering the outbox to one target did.</summary>
    internal sealed class DeliveryCounts
    {
        public int Delivered { get; set; }

        public int Failed { get; set; }

        public int DeadLettered { get; set; }

        public long Lag { get; set; }
    }
}
