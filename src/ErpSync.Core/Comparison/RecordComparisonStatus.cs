namespace ErpSync.Core.Comparison
{
    /// <summary>How one key compares between the reference and the difference endpoint.</summary>
    public enum RecordComparisonStatus
    {
        /// <summary>Only the reference endpoint has the key.</summary>
        OnlyReference,

        /// <summary>Only the difference endpoint has the key.</summary>
        OnlyDifference,

        /// <summary>Both have the key and at least one compared field differs.</summary>
        Different,

        /// <summary>Both have the key and every compared field is equal.</summary>
        Equal,
    }
}
