namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>What re-sending one dead letter did.</summary>
    public sealed class DeadLetterResult
    {
        public string JobName { get; set; } = string.Empty;

        public string Target { get; set; } = string.Empty;

        public long Sequence { get; set; }

        public string Key { get; set; } = string.Empty;

        public DeadLetterStatus Status { get; set; }

        public string? Error { get; set; }
    }
}
