using System;
using System.Collections.Generic;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>How one synchronisation run compares, settles conflicts, deletes and reports.</summary>
    public sealed class SyncOptions
    {
        public SyncMode Mode { get; set; } = SyncMode.Bidirectional;

        /// <summary>The job whose baselines, id map and conflicts the run uses; see <see cref="SyncEngine.DefaultJobName"/>.</summary>
        public string? JobName { get; set; }

        public ConflictPolicy ConflictPolicy { get; set; } = ConflictPolicy.Manual;

        public FieldConflictPolicy FieldConflictPolicy { get; set; } = FieldConflictPolicy.LeftWins;

        /// <summary>The side that wins a Newest comparison when the times are equal or missing.</summary>
        public SyncSide TieBreaker { get; set; } = SyncSide.Left;

        public bool PropagateDeletes { get; set; }

        /// <summary>The largest share of the baseline, in percent, that one run may delete; a run that would delete more stops before writing.</summary>
        public double MaxDeletePercent { get; set; } = 50;

        /// <summary>Fields left out of comparisons, such as timestamps that every write changes.</summary>
        public ISet<string> ExcludedFields { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public int BatchSize { get; set; } = 500;

        /// <summary>Plans and reports without writing to either side or to the state store.</summary>
        public bool WhatIf { get; set; }

        /// <summary>Asked before each planned write, with the change it would make; returning false skips that write.</summary>
        public Func<ErpSyncChange, bool>? ConfirmWrite { get; set; }

        /// <summary>Receives every change as it is final: after its write committed, or when planned for actions without a write.</summary>
        public Action<ErpSyncChange>? Changed { get; set; }

        public Action<RecordError>? RecordFailed { get; set; }

        /// <summary>Receives the run's story: reads, plan, batches, timings.</summary>
        public Action<string>? Log { get; set; }

        /// <summary>Receives the activity and the percent done (null when unknown).</summary>
        public Action<string, int?>? Progress { get; set; }
    }
}
