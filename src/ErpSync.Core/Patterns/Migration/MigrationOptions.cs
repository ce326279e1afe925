using System;

namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>The settings of one migration run.</summary>
    public sealed class MigrationOptions
    {
        public MigrationOptions(string jobName)
        {
            if (string.IsNullOrWhiteSpace(jobName))
            {
                throw new ArgumentException("A migration needs a job name.", nameof(jobName));
            }

            JobName = jobName;
        }

        public string JobName { get; }

        public MigrationMode Mode { get; set; } = MigrationMode.Upsert;

        /// <summary>
        /// The default records per target transaction and per checkpoint. A rerun after a crash compares
        /// every record with the target, so the size bounds the work a crash repeats, not what it loses.
        /// Each SQLite commit waits for the disk, and at 500 records per commit a local run spent most
        /// of its time in commits.
        /// </summary>
        public const int DefaultBatchSize = 5000;

        /// <summary>Records per target transaction and per checkpoint.</summary>
        public int BatchSize { get; set; } = DefaultBatchSize;

        /// <summary>Plans and counts without writing, locking the job or recording a run.</summary>
        public bool WhatIf { get; set; }

        /// <summary>The CSV file that rejected records are appended to; null keeps no file.</summary>
        public string? RejectPath { get; set; }

        /// <summary>Reports one <see cref="ErpMigrationChange"/> per written record, with the fields that changed.</summary>
        public bool ReportChanges { get; set; }

        /// <summary>The job lock's lease; null takes <see cref="State.JobLock.DefaultLease"/>.</summary>
        public TimeSpan? LockLease { get; set; }
    }
}
