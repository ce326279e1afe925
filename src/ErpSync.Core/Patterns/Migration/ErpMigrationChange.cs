using System.Collections.Generic;

namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>One record that a migration created or updated (or would have, under -WhatIf).</summary>
    public sealed class ErpMigrationChange
    {
        public ErpMigrationChange(string action, string key, IReadOnlyList<string> changedFields, long? position)
        {
            Action = action;
            Key = key;
            ChangedFields = changedFields;
            Position = position;
        }

        /// <summary>Created or Updated.</summary>
        public string Action { get; }

        public string Key { get; }

        /// <summary>Every field for a created record; the fields whose values differ for an updated one.</summary>
        public IReadOnlyList<string> ChangedFields { get; }

        /// <summary>The record's position in the source: a line in a file, a row in a table.</summary>
        public long? Position { get; }

        public override string ToString() => Action + " " + Key;
    }
}
