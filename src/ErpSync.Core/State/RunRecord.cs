using System;
using System.Collections.Generic;

namespace ErpSync.Core.State
{
    /// <summary>One run of a job as the state store keeps it.</summary>
    public sealed class RunRecord
    {
        public string RunId { get; set; } = string.Empty;

        public string JobName { get; set; } = string.Empty;

        public string Pattern { get; set; } = string.Empty;

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset? EndedAt { get; set; }

        /// <summary>Running, Succeeded, Failed, Stopped, or Completed with errors (CompletedWithErrors).</summary>
        public string Status { get; set; } = RunStatus.Running;

        public string Host { get; set; } = string.Empty;

        public int ProcessId { get; set; }

        public IDictionary<string, long> Counts { get; set; } = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);

        public IList<string> FirstErrors { get; set; } = new List<string>();

        public TimeSpan? Duration => EndedAt - StartedAt;
    }

    /// <summary>The statuses a run ends with.</summary>
    public static class RunStatus
    {
        public const string Running = "Running";
        public const string Succeeded = "Succeeded";
        public const string CompletedWithErrors = "CompletedWithErrors";
        public const string Failed = "Failed";
        public const string Stopped = "Stopped";
    }
}
