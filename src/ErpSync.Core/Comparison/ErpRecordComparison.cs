using System;
using System.Collections.Generic;
using System.Linq;
using ErpSync.Core.Records;

namespace ErpSync.Core.Comparison
{
    /// <summary>The comparison of one key: which side has it and, when both do, the fields that differ.</summary>
    public sealed class ErpRecordComparison
    {
        public ErpRecordComparison(RecordKey key, RecordComparisonStatus status, ErpRecord? reference, ErpRecord? difference, IReadOnlyList<ErpFieldDifference>? fields = null)
        {
            Key = key;
            Status = status;
            Reference = reference;
            Difference = difference;
            Fields = fields ?? Array.Empty<ErpFieldDifference>();
        }

        public RecordKey Key { get; }

        public RecordComparisonStatus Status { get; }

        /// <summary>The record as the reference endpoint holds it; null when only the difference endpoint has the key.</summary>
        public ErpRecord? Reference { get; }

        /// <summary>The record as the difference endpoint holds it; null when only the reference endpoint has the key.</summary>
        public ErpRecord? Difference { get; }

        /// <summary>The compared fields that differ, in the reference record's field order; empty unless the status is Different.</summary>
        public IReadOnlyList<ErpFieldDifference> Fields { get; }

        /// <summary>The names of the differing fields, for display.</summary>
        public string FieldNames => string.Join(", ", Fields.Select(f => f.Field));

        public override string ToString() => $"{Key} {Status}" + (Fields.Count > 0 ? " (" + FieldNames + ")" : string.Empty);
    }
}
