namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>One key's state after the last good run: the hash of the values both sides held, and each side's id.</summary>
    internal sealed class Baseline
    {
        public Baseline(string key, string displayKey, HashValue hash, string? leftId, string? rightId)
        {
            Key = key;
            DisplayKey = displayKey;
            Hash = hash;
            LeftId = leftId;
            RightId = rightId;
        }

        /// <summary>The normalized key.</summary>
        public string Key { get; }

        public string DisplayKey { get; }

        public HashValue Hash { get; }

        public string? LeftId { get; }

        public string? RightId { get; }
    }
}
