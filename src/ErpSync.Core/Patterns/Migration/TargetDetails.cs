using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>What only some target keys need beyond their <see cref="TargetEntry"/>.</summary>
    internal sealed class TargetDetails
    {
        /// <summary>The key as the target stores it, when the normalized key cannot give it back.</summary>
        public RecordKey? ExistingKey { get; set; }

        /// <summary>The content hash when it is not 32 hex digits.</summary>
        public string? HashText { get; set; }

        /// <summary>One hash per compared field, kept only when changes are reported, to name the fields that differ.</summary>
        public ulong[]? FieldHashes { get; set; }
    }
}
