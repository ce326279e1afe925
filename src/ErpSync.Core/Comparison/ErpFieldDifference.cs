namespace ErpSync.Core.Comparison
{
    /// <summary>One field whose values differ between the reference and the difference record.</summary>
    public sealed class ErpFieldDifference
    {
        public ErpFieldDifference(string field, object? reference, object? difference)
        {
            Field = field;
            Reference = reference;
            Difference = difference;
        }

        public string Field { get; }

        /// <summary>The field's value in the reference record.</summary>
        public object? Reference { get; }

        /// <summary>The field's value in the difference record.</summary>
        public object? Difference { get; }

        public override string ToString() => $"{Field}: '{Reference}' -> '{Difference}'";
    }
}
