namespace ErpSync.Core.Records
{
    /// <summary>The value type of one field in an entity schema.</summary>
    public enum FieldType
    {
        Text,
        Integer,
        Decimal,
        Boolean,
        DateTime,
    }
}
