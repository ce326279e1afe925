using System;

namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>The counts and outcome of one migration run.</summary>
    public sealed class ErpMigrationResult
    {
        /// <summary>The run's id in the state store; empty for a -WhatIf run, which records no run.</summary>
        public string RunId { get; set; } = string.Empty;

        public string JobName { get; set; } = string.Empty;

        public MigrationMode Mode { get; set; }

        /// <summary>Succeeded, CompletedWithErrors, Failed, Stopped, or WhatIf for a run that wrote nothing on purpose.</summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>Source items read, rejected ones included.</summary>
        public long Read { get; set; }

        public long Created { get; set; }

        public long Updated { get; set; }

        public long Unchanged { get; set; }

        public long Rejected { get; set; }

        public TimeSpan Duration { get; set; }

        public string Source { get; set; } = string.Empty;

        public string Target { get; set; } = string.Empty;

        public string? RejectPath { get; set; }

        public bool WhatIf { get; set; }
    }
}
