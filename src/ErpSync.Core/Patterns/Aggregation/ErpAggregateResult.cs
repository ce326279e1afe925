using System;
using System.Collections.Generic;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>The counts and timing of one Merge-Aggregate run. Under -WhatIf the counts are the planned writes.</summary>
    public sealed class ErpAggregateResult
    {
        public string JobName { get; set; } = string.Empty;

        /// <summary>The run id in the state store's run log; empty under -WhatIf, which logs no run.</summary>
        public string RunId { get; set; } = string.Empty;

        /// <summary>The names of the sources in precedence order.</summary>
        public IReadOnlyList<string> Sources { get; set; } = Array.Empty<string>();

        public string? Target { get; set; }

        /// <summary>The records read from all sources, rows that failed to read included.</summary>
        public long Read { get; set; }

        /// <summary>The distinct keys found across all sources.</summary>
        public long Keys { get; set; }

        public long Created { get; set; }

        public long Updated { get; set; }

        public long Unchanged { get; set; }

        public long Deleted { get; set; }

        /// <summary>Keys this job wrote earlier that disappeared from every source and were kept in the target.</summary>
        public long Orphaned { get; set; }

        /// <summary>Fields without a rule whose non-empty values differed between sources; precedence chose the value.</summary>
        public long Disagreements { get; set; }

        /// <summary>Source rows that could not be read and keys that could not be merged.</summary>
        public long Rejected { get; set; }

        /// <summary>Merged records that the target failed to write.</summary>
        public long Failed { get; set; }

        /// <summary>Writes declined at a -Confirm prompt.</summary>
        public long Skipped { get; set; }

        public bool WhatIf { get; set; }

        public TimeSpan Duration { get; set; }

        public override string ToString() =>
            $"{Keys} keys: {Created} created, {Updated} updated, {Unchanged} unchanged, {Deleted} deleted, {Orphaned} orphaned, {Rejected} rejected, {Failed} failed";
    }
}
