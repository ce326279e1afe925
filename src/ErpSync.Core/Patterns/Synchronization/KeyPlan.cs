namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>The decision for one key, with the entries of each side and the baseline that the run read.</summary>
    internal sealed class KeyPlan
    {
        public KeyPlan(string key, PlanStep step, SideEntry? left, SideEntry? right, Baseline? baseline)
        {
            Key = key;
            Step = step;
            Left = left;
            Right = right;
            Baseline = baseline;
        }

        /// <summary>The normalized key.</summary>
        public string Key { get; }

        public PlanStep Step { get; }

        public SideEntry? Left { get; }

        public SideEntry? Right { get; }

        public Baseline? Baseline { get; }

        /// <summary>For <see cref="PlanStep.DeleteIgnored"/> and <see cref="PlanStep.DeleteSkipped"/>: the side that deleted the key.</summary>
        public SyncSide DeletedOn { get; set; }

        /// <summary>The key's stored conflict that is open or resolved, if any.</summary>
        public ErpConflict? Conflict { get; set; }

        /// <summary>Returns the key as people read it: the left side's spelling, else the right's, else the baseline's.</summary>
        public string DisplayKey => Left?.OwnKey.ToString() ?? Right?.OwnKey.ToString() ?? Baseline?.DisplayKey ?? Key;
    }
}
