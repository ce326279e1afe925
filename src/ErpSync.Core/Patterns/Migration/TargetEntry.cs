using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>What a migration keeps of one target record: its key as the target holds it and hashes of the compared fields.</summary>
    internal sealed class TargetEntry
    {
        public TargetEntry(RecordKey existingKey, string[] targetFields, string[] comparedFields, string? hash, ulong[]? fieldHashes)
        {
            ExistingKey = existingKey;
            TargetFields = targetFields;
            ComparedFields = comparedFields;
            Hash = hash;
            FieldHashes = fieldHashes;
        }

        public RecordKey ExistingKey { get; }

        /// <summary>The target record's field names, upper case and sorted; shared by every entry with the same names.</summary>
        public string[] TargetFields { get; }

        /// <summary>The fields <see cref="Hash"/> covers: the target's fields that the first source record also carries.</summary>
        public string[] ComparedFields { get; }

        /// <summary>The content hash over <see cref="ComparedFields"/>; null for a record that this run created.</summary>
        public string? Hash { get; }

        /// <summary>One hash per compared field, kept only when changes are reported, to name the fields that differ.</summary>
        public ulong[]? FieldHashes { get; }

        /// <summary>True once a source record with this key was planned, so a second one is a duplicate.</summary>
        public bool Seen { get; set; }
    }
}
