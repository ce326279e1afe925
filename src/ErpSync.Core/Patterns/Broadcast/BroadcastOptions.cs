using System;
using System.Collections.Generic;
using ErpSync.Core.Endpoints;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>The settings of one broadcast job: its source, its targets and how it detects and delivers changes.</summary>
    public sealed class BroadcastOptions
    {
        public BroadcastOptions(string jobName, Endpoint source, IReadOnlyList<Endpoint> targets)
        {
            JobName = jobName;
            Source = source;
            Targets = targets;
        }

        public string JobName { get; }

        public Endpoint Source { get; }

        public IReadOnlyList<Endpoint> Targets { get; }

        /// <summary>The detection mode; null chooses Watermark where the source has a modified field, else Snapshot.</summary>
        public ChangeDetection? ChangeDetection { get; set; }

        /// <summary>How far before the stored watermark a cycle starts reading, to catch late commits and clock skew.</summary>
        public TimeSpan Overlap { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Delivery attempts per record and target before the record becomes a dead letter.</summary>
        public int MaxAttempts { get; set; } = 5;

        /// <summary>The delay before the first retry; each further retry doubles it and adds up to half of it as jitter.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Outbox entries per target write; one transaction each, and the cursor moves after each.</summary>
        public int BatchSize { get; set; } = 1000;

        /// <summary>Delivers deletes found by snapshot detection; without it they are only reported.</summary>
        public bool PropagateDeletes { get; set; }

        /// <summary>The state store path; null means the default path.</summary>
        public string? StatePath { get; set; }

        /// <summary>Returns the detection mode in effect.</summary>
        public ChangeDetection EffectiveChangeDetection =>
            ChangeDetection ?? (Source.Options.ModifiedField != null ? Broadcast.ChangeDetection.Watermark : Broadcast.ChangeDetection.Snapshot);

        /// <summary>Rejects settings that cannot work, before anything is read or written.</summary>
        public void Validate()
        {
            if (string.IsNullOrWhiteSpace(JobName))
            {
                throw Invalid("A broadcast needs a job name. Pass -JobName.");
            }

            if (Targets.Count == 0)
            {
                throw Invalid("A broadcast needs at least one target. Pass endpoints to -Target.");
            }

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var target in Targets)
            {
                if (!names.Add(target.Name))
                {
                    throw Invalid($"Two targets are named '{target.Name}'. Each target keeps its own cursor by name, so give each endpoint a distinct -Name.");
                }

                if (!target.Can(EndpointCapabilities.Write))
                {
                    throw Invalid($"The target {target.Describe()} cannot be written. Give it a table or a file.");
                }
            }

            if (ChangeDetection == Broadcast.ChangeDetection.Watermark && Source.Options.ModifiedField == null)
            {
                throw Invalid($"Watermark detection needs a modified field, and the source {Source.Describe()} has none. Create it with -ModifiedField, or use -ChangeDetection Snapshot.");
            }

            if (MaxAttempts < 1)
            {
                throw Invalid($"-MaxAttempts must be 1 or more; it is {MaxAttempts}.");
            }

            if (BatchSize < 1)
            {
                throw Invalid($"-BatchSize must be 1 or more; it is {BatchSize}.");
            }

            if (Overlap < TimeSpan.Zero || RetryDelay < TimeSpan.Zero)
            {
                throw Invalid("-Overlap and -RetryDelay must not be negative.");
            }
        }

        private static ErpSyncException Invalid(string message) =>
            new ErpSyncException(ErrorIds.BroadcastInvalid, message, kind: ErrorKind.InvalidArgument);
    }
}
