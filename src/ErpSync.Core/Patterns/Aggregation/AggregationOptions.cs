using System;
using System.Collections.Generic;
using ErpSync.Core.Endpoints;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>What one aggregation run reads, how it merges, and where it writes.</summary>
    public sealed class AggregationOptions
    {
        /// <summary>
        /// The default writes per transaction. Each commit of an SQLite target waits for the disk to
        /// flush its journal, so with 500 writes per commit the 900,000-key bench run (bench/run.ps1,
        /// P4) spent more than half of its time in commits.
        /// </summary>
        public const int DefaultBatchSize = 5000;

        public AggregationOptions(IReadOnlyList<Endpoint> sources)
        {
            Sources = sources;
        }

        /// <summary>The sources, read in this order; also the default precedence.</summary>
        public IReadOnlyList<Endpoint> Sources { get; }

        /// <summary>The endpoint that receives the merged records; null to hand them to <see cref="AggregationEngine.Merged"/>.</summary>
        public Endpoint? Target { get; set; }

        /// <summary>Source names, highest precedence first; sources left out follow in the order of <see cref="Sources"/>.</summary>
        public IReadOnlyList<string> Precedence { get; set; } = Array.Empty<string>();

        /// <summary>Merge rules by field name; fields without a rule use <see cref="MergeRule.Precedence"/>.</summary>
        public IDictionary<string, MergeRule> Rules { get; } = new Dictionary<string, MergeRule>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Key prefixes by source name, for sources whose keys collide.</summary>
        public IDictionary<string, string> KeyPrefixes { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The job name for the lock, the run log and the job's keys in the state store; derived from the endpoint names when null.</summary>
        public string? JobName { get; set; }

        /// <summary>The state store path; null for <see cref="State.StateStore.DefaultPath"/>.</summary>
        public string? StatePath { get; set; }

        /// <summary>Deletes from the target the keys that this job wrote earlier and that disappeared from every source.</summary>
        public bool PropagateDeletes { get; set; }

        /// <summary>Plans and counts the writes without writing to the target or the state store.</summary>
        public bool WhatIf { get; set; }

        /// <summary>
        /// Writes per transaction of the target. An aggregation keeps no checkpoint, because a rerun
        /// compares every merged key with the target, so the batch only sets how many commits the run makes.
        /// </summary>
        public int BatchSize { get; set; } = DefaultBatchSize;

        /// <summary>
        /// Reads every source before the first write, even where no key can come from two sources.
        /// Tests set it to compare the two ways of merging.
        /// </summary>
        internal bool ReadAllSourcesFirst { get; set; }

        /// <summary>Parses a rule name such as 'Sum' (case-insensitive) for a field; throws <see cref="ErrorIds.AggregateRuleInvalid"/> naming the valid rules.</summary>
        public static MergeRule ParseRule(string field, string? ruleName)
        {
            var text = (ruleName ?? string.Empty).Trim();
            if (text.Length > 0 && !char.IsDigit(text[0]) && Enum.TryParse<MergeRule>(text, ignoreCase: true, out var rule))
            {
                return rule;
            }

            throw new ErpSyncException(
                ErrorIds.AggregateRuleInvalid,
                $"The rule '{ruleName}' for the field '{field}' is not known. Use one of: {string.Join(", ", Enum.GetNames(typeof(MergeRule)))}.",
                kind: ErrorKind.InvalidArgument);
        }

        /// <summary>Returns the job name: the given one, or "Aggregate" with the source and target names.</summary>
        public string ResolveJobName()
        {
            if (!string.IsNullOrWhiteSpace(JobName))
            {
                return JobName!;
            }

            var names = new List<string>();
            foreach (var source in Sources)
            {
                names.Add(source.Name);
            }

            return "Aggregate " + string.Join("+", names) + " -> " + (Target?.Name ?? "pipeline");
        }
    }
}
