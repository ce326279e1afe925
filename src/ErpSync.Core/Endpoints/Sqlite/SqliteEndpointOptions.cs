namespace ErpSync.Core.Endpoints.Sqlite
{
    /// <summary>Settings of an SQLite endpoint: the database file and a table, or a query to read.</summary>
    public sealed class SqliteEndpointOptions
    {
        public SqliteEndpointOptions(string path)
        {
            Path = path;
        }

        public string Path { get; }

        public string? Table { get; set; }

        /// <summary>A SELECT to read instead of a whole table; an endpoint with a query only reads.</summary>
        public string? Query { get; set; }

        /// <summary>Creates the table from the schema and the first record written when it does not exist.</summary>
        public bool CreateTable { get; set; }
    }
}
