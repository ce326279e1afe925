using System;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>An outbox entry that a target rejected on every attempt; its payload stays in the outbox.</summary>
    public sealed class DeadLetter
    {
        public string JobName { get; set; } = string.Empty;

        public string Target { get; set; } = string.Empty;

        /// <summary>The outbox sequence of the change.</summary>
        public long Sequence { get; set; }

        /// <summary>The key as the source spells it.</summary>
        public string Key { get; set; } = string.Empty;

        /// <summary>The normalized key.</summary>
        public string RecordKey { get; set; } = string.Empty;

        public int Attempts { get; set; }

        public string? LastError { get; set; }

        public DateTimeOffset CreatedAt { get; set; }
    }
}
