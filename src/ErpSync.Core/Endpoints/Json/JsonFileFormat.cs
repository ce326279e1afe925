namespace ErpSync.Core.Endpoints.Json
{
    /// <summary>The layout of the records in a JSON file.</summary>
    public enum JsonFileFormat
    {
        /// <summary>One array of objects.</summary>
        Array,

        /// <summary>JSON Lines: one object per line.</summary>
        Lines,
    }
}
