using System;

namespace ErpSync.Core.Endpoints.Http
{
    /// <summary>How an HTTP endpoint waits for and retries a system that is busy or briefly down.</summary>
    public sealed class HttpRetryPolicy
    {
        /// <summary>How long one request may take before it counts as timed out.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>How many times a failed request is sent again; 0 sends each request once.</summary>
        public int MaxRetries { get; set; } = 4;

        /// <summary>The wait before the first retry; each further retry waits twice as long.</summary>
        public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The longest wait between two attempts, including a server's Retry-After.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Returns the wait before retry number <paramref name="retry"/> (1-based), preferring the server's Retry-After.</summary>
        public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter)
        {
            if (retryAfter != null)
            {
                return retryAfter.Value > MaxDelay ? MaxDelay : retryAfter.Value;
            }

            var ticks = InitialDelay.Ticks * Math.Pow(2, retry - 1);
            return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
        }
    }
}
