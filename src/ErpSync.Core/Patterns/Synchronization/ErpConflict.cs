using System;
using System.Collections.Generic;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// A key that both sides changed differently under the Manual policy. Field values are in
    /// canonical text form (decimals without trailing zeros, times in UTC); a missing value is null.
    /// </summary>
    public sealed class ErpConflict
    {
        public string ConflictId { get; set; } = string.Empty;

        public string JobName { get; set; } = string.Empty;

        public string Key { get; set; } = string.Empty;

        /// <summary>The normalized key that identifies the record in the state store.</summary>
        public string RecordKey { get; set; } = string.Empty;

        public IDictionary<string, string?> Left { get; set; } = new Dictionary<string, string?>();

        public IDictionary<string, string?> Right { get; set; } = new Dictionary<string, string?>();

        /// <summary>The values after the last good run; empty when the key had no baseline.</summary>
        public IDictionary<string, string?> Baseline { get; set; } = new Dictionary<string, string?>();

        /// <summary>The fields whose left and right values differ.</summary>
        public IReadOnlyList<string> DifferingFields { get; set; } = Array.Empty<string>();

        public DateTimeOffset DetectedAt { get; set; }

        /// <summary>Open, Resolved (a choice waits for the next run) or Applied.</summary>
        public string Status { get; set; } = ConflictStatus.Open;

        public ConflictChoice? Resolution { get; set; }

        /// <summary>The values to write to both sides when the resolution is Merged.</summary>
        public IDictionary<string, string?>? ResolvedFields { get; set; }

        public DateTimeOffset? ResolvedAt { get; set; }

        public override string ToString() => $"{JobName} {Key} ({Status})";
    }
}
