namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>The states a stored conflict passes through.</summary>
    public static class ConflictStatus
    {
        public const string Open = "Open";

        /// <summary>A choice was recorded; the next run of the job applies it.</summary>
        public const string Resolved = "Resolved";

        public const string Applied = "Applied";
    }
}
