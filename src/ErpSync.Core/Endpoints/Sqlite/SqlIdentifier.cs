namespace ErpSync.Core.Endpoints.Sqlite
{
    /// <summary>Quotes SQL identifiers so that no name from a user is ever part of the SQL text unquoted.</summary>
    public static class SqlIdentifier
    {
        /// <summary>Returns the name in double quotes, with quotes inside it doubled.</summary>
        public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    }
}
