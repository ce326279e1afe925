namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>
    /// What a migration keeps of one target key, as a struct in <see cref="TargetIndex"/>'s arrays:
    /// the content hash of the compared fields as two integers and flags. The normalized key is in the
    /// index's key set, at the entry's position. The few
    /// keys that need more (a raw key that the normalized key cannot give back, a hash that is not hex,
    /// per-field hashes) point to a <see cref="TargetDetails"/>.
    /// </summary>
    internal struct TargetEntry
    {
        public ulong HashHigh;

        public ulong HashLow;

        /// <summary>The position of the entry's field names in the index's shared field sets.</summary>
        public int FieldSet;

        /// <summary>The position of the entry's <see cref="TargetDetails"/>, or -1.</summary>
        public int Details;

        /// <summary>False for a key that this run created, because there is no target record to compare with.</summary>
        public bool Hashed;

        /// <summary>True when the target spells the key as the lower-case form of the normalized key.</summary>
        public bool LowerCase;

        /// <summary>True once a source record with this key was planned, so a second one is a duplicate.</summary>
        public bool Seen;

        /// <summary>The source position of the record that set <see cref="Seen"/>, or <see cref="long.MinValue"/> when it had none.</summary>
        public long SeenAt;
    }
}
