namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>How far a migration has come: source items read and records written, of the source's count where known.</summary>
    public readonly struct MigrationProgress
    {
        public MigrationProgress(long read, long written, long? total)
        {
            Read = read;
            Written = written;
            Total = total;
        }

        public long Read { get; }

        public long Written { get; }

        /// <summary>The number of source records, when the source could count them without reading.</summary>
        public long? Total { get; }

        /// <summary>The percent of the source read, or null when the total is unknown.</summary>
        public int? Percent => Total > 0 ? (int)System.Math.Min(100, Read * 100 / Total.Value) : (int?)null;
    }
}
