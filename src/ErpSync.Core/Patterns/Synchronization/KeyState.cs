namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// What the sync index keeps of one key: both sides' hashes and the baseline's as pairs of 64-bit
    /// integers, with flags. A 64-byte struct in a shared array, so a key costs no object of its own. The
    /// key itself is in the index's <see cref="PackedKeySet"/>, and the rare extras (native ids, raw keys
    /// that differ from the normalized one) are in <see cref="KeyDetails"/>.
    /// </summary>
    internal struct KeyState
    {
        public ulong LeftHigh;
        public ulong LeftLow;
        public ulong RightHigh;
        public ulong RightLow;
        public ulong BaselineHigh;
        public ulong BaselineLow;

        /// <summary>The position of the left record in its read, or 0 when the read gave none or a larger one than an int holds.</summary>
        public int LeftRow;

        /// <summary>As <see cref="LeftRow"/>, for the right record.</summary>
        public int RightRow;

        /// <summary>The position of the key's <see cref="KeyDetails"/> in the index, or -1 when it has none.</summary>
        public int Details;

        public KeyFlags Flags;
        public PlanStep Step;

        public bool Has(KeyFlags flag) => (Flags & flag) != 0;
    }
}
