using System;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>What one broadcast cycle did for one target.</summary>
    public sealed class ErpBroadcastResult
    {
        public string JobName { get; set; } = string.Empty;

        public string RunId { get; set; } = string.Empty;

        /// <summary>The cycle's number within a broadcast job; 1 for a -Once run.</summary>
        public int Cycle { get; set; }

        public string Target { get; set; } = string.Empty;

        /// <summary>Changes the cycle found in the source and appended to the outbox (shared by all targets).</summary>
        public int Detected { get; set; }

        /// <summary>Deletes found by snapshot detection that were only reported, because deletes are not propagated.</summary>
        public int DeletesReported { get; set; }

        public int Delivered { get; set; }

        /// <summary>Delivery attempts that failed, retries included.</summary>
        public int Failed { get; set; }

        public int DeadLettered { get; set; }

        /// <summary>Outbox entries not yet delivered to this target when the cycle ended.</summary>
        public long Lag { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public TimeSpan Duration { get; set; }
    }
}
