using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>One change in the outbox, in order of <see cref="Sequence"/>.</summary>
    public sealed class OutboxEntry
    {
        public long Sequence { get; set; }

        /// <summary>The normalized key.</summary>
        public string RecordKey { get; set; } = string.Empty;

        /// <summary>The key as the source spells it, for messages.</summary>
        public string DisplayKey { get; set; } = string.Empty;

        public OutboxOperation Operation { get; set; }

        public string? Hash { get; set; }

        /// <summary>The record's fields as JSON (see <see cref="OutboxFields"/>); for a delete, the last fields sent, if known.</summary>
        public string? Fields { get; set; }

        /// <summary>The <see cref="Fields"/> decoded once for every target of a delivery, or null where they were not decoded. The targets share them, so nothing may change them.</summary>
        internal RecordFields? DecodedFields { get; set; }
    }
}
