using System.Collections.Generic;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// The baseline a key gets once every write planned for it has committed. A key written on both
    /// sides waits for both. A failed or declined write leaves the old baseline, so the next run
    /// compares against it again.
    /// </summary>
    internal sealed class PendingBaseline
    {
        public PendingBaseline(KeyPlan plan, string? hash, Dictionary<string, string?>? fields, int writes)
        {
            Plan = plan;
            Hash = hash;
            FieldsJson = fields == null ? null : FieldValues.ToJson(fields);
            Remaining = writes;
        }

        public KeyPlan Plan { get; }

        /// <summary>The hash of the values both sides hold after the writes; null when the baseline is to be removed.</summary>
        public string? Hash { get; }

        /// <summary>
        /// The field values as the baseline row stores them. A baseline waits for its writes with this
        /// text instead of a dictionary of values, about 270 bytes less for eight customer fields.
        /// </summary>
        public string? FieldsJson { get; }

        /// <summary>Writes that have not yet committed.</summary>
        public int Remaining { get; set; }

        /// <summary>True when a write failed or was declined, so the baseline must stay as it was.</summary>
        public bool Abandoned { get; set; }

        public string? NewLeftId { get; set; }

        public string? NewRightId { get; set; }
    }
}
