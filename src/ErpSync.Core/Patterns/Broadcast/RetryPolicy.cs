using System;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>Exponential back-off with jitter: base, then twice, four times..., each plus up to half of itself at random.</summary>
    internal static class RetryPolicy
    {
        private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

        [ThreadStatic]
        private static Random? random;

        public static TimeSpan DelayBefore(int retry, TimeSpan baseDelay)
        {
            random ??= new Random(Guid.NewGuid().GetHashCode());
            var factor = Math.Pow(2, Math.Min(retry - 1, 20));
            var ticks = Math.Min(baseDelay.Ticks * factor, MaxDelay.Ticks);
            var jitter = ticks * 0.5 * random.NextDouble();
            return TimeSpan.FromTicks((long)(ticks + jitter));
        }
    }
}
