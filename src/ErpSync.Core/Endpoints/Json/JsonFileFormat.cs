namespace ErpSync.Core.Endpoints.Json
{
    /// <summary>How a JSON file holds its records.</summary>
    public enum JsonFileFormat
    {
        /// <summary>One array of objects.</summary>
        Array,

        /// <summary>JSON Lines: one object per line.</summary>
        Lines,
    }
}
