using System.Net;

namespace ErpSync.Core.Endpoints.PostgreSql
{
    /// <summary>Settings of a PostgreSQL endpoint: the server, and a table or a query to read.</summary>
    public sealed class PostgreSqlEndpointOptions
    {
        public PostgreSqlEndpointOptions(string connectionString, NetworkCredential? credential = null)
        {
            ConnectionString = connectionString;
            Credential = credential;
        }

        // Both may hold a password, so they are internal: PowerShell's ConvertTo-Json, Format-List *
        // and Export-Clixml show every public property of an endpoint's options.

        /// <summary>An Npgsql connection string; it may contain a password, so it is never shown.</summary>
        internal string ConnectionString { get; }

        /// <summary>User name and password that replace those of the connection string.</summary>
        internal NetworkCredential? Credential { get; }

        /// <summary>The table as schema.table, or a table name alone for the first schema on the search path.</summary>
        public string? Table { get; set; }

        /// <summary>A SELECT to read instead of a whole table; an endpoint with a query only reads.</summary>
        public string? Query { get; set; }

        /// <summary>Creates the table from the schema and the first record written when it does not exist.</summary>
        public bool CreateTable { get; set; }

        /// <summary>Seconds to wait for a connection; a server that does not respond fails after this time.</summary>
        public int ConnectTimeoutSeconds { get; set; } = 10;

        /// <summary>Seconds a single statement may run.</summary>
        public int CommandTimeoutSeconds { get; set; } = 120;
    }
}
