using System;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>The counts of one synchronisation run.</summary>
    public sealed class ErpSyncResult
    {
        public string JobName { get; set; } = string.Empty;

        public SyncMode Mode { get; set; }

        public long CreatedLeft { get; set; }

        public long CreatedRight { get; set; }

        public long UpdatedLeft { get; set; }

        public long UpdatedRight { get; set; }

        public long DeletedLeft { get; set; }

        public long DeletedRight { get; set; }

        /// <summary>Keys changed differently on both sides; with Manual they are stored, with another policy the winning write is also counted.</summary>
        public long Conflicts { get; set; }

        /// <summary>Keys whose two sides held equal values without a matching baseline; only the baseline was written.</summary>
        public long Adopted { get; set; }

        public long Unchanged { get; set; }

        /// <summary>Keys deleted on one side whose delete was ignored or whose change on the other side was kept.</summary>
        public long DeletesIgnored { get; set; }

        /// <summary>Keys that failed to read or to write; each has an error record.</summary>
        public long Rejected { get; set; }

        public long OnlyLeft { get; set; }

        public long OnlyRight { get; set; }

        public TimeSpan Duration { get; set; }

        public string RunId { get; set; } = string.Empty;

        /// <summary>True when the run only planned (-WhatIf): the counts are what a real run would write.</summary>
        public bool WhatIf { get; set; }
    }
}
