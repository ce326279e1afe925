namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>What the three-way comparison decided for one key.</summary>
    /// <remarks>One byte, so that <see cref="KeyState"/> fits in 64 bytes.</remarks>
    internal enum PlanStep : byte
    {
        Unchanged,
        UpdateLeft,
        UpdateRight,
        CreateLeft,
        CreateRight,
        DeleteLeft,
        DeleteRight,
        Adopt,
        Conflict,

        /// <summary>A stored conflict has a recorded choice that this run writes.</summary>
        ApplyResolution,

        /// <summary>A side deleted the key and deletes are not propagated; the baseline stays so the key is not created again.</summary>
        DeleteIgnored,

        /// <summary>A side deleted the key but the other side changed it since the baseline; the change is kept.</summary>
        DeleteSkipped,

        OnlyLeft,
        OnlyRight,

        /// <summary>Both sides deleted the key; its baseline is removed.</summary>
        Forget,
    }
}
