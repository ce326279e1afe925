namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>How a migration treats records whose key the target already holds.</summary>
    public enum MigrationMode
    {
        /// <summary>Adds new records only; an existing key with other content is rejected with <see cref="ErrorIds.KeyExists"/>.</summary>
        Insert,

        /// <summary>Adds new records and updates the changed ones; the default.</summary>
        Upsert,

        /// <summary>Empties the target first, then adds every source record.</summary>
        Replace,
    }
}
