namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>How the value of one field is built from the values that several sources hold for one key.</summary>
    public enum MergeRule
    {
        /// <summary>The value of the first source in precedence order that has a non-empty value.</summary>
        Precedence,

        /// <summary>The exact sum of the non-empty values, which must be integers or decimals.</summary>
        Sum,

        /// <summary>The smallest non-empty value: numbers, dates or text, one kind per field.</summary>
        Min,

        /// <summary>The largest non-empty value: numbers, dates or text, one kind per field.</summary>
        Max,

        /// <summary>The non-empty value of the record with the latest modification time.</summary>
        Newest,

        /// <summary>The first non-empty value in the order of the sources as given.</summary>
        First,

        /// <summary>The last non-empty value in the order of the sources as given.</summary>
        Last,

        /// <summary>The number of sources that hold a non-empty value.</summary>
        Count,

        /// <summary>The distinct non-empty values in source order, joined by "; ".</summary>
        Concat,
    }
}
