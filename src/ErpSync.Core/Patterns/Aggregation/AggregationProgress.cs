namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>Where a run stands: the step, how many records it has handled, and the total where known.</summary>
    public sealed class AggregationProgress
    {
        public AggregationProgress(string status, long completed, long? total)
        {
            Status = status;
            Completed = completed;
            Total = total;
        }

        public string Status { get; }

        public long Completed { get; }

        public long? Total { get; }
    }
}
