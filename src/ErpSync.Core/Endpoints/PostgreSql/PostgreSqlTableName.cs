using System;

namespace ErpSync.Core.Endpoints.PostgreSql
{
    /// <summary>A table name split into schema and table, each quoted on its own so that no name becomes SQL.</summary>
    public sealed class PostgreSqlTableName
    {
        private PostgreSqlTableName(string? schema, string table)
        {
            Schema = schema;
            Table = table;
        }

        /// <summary>The schema, or null for the first schema on the search path.</summary>
        public string? Schema { get; }

        public string Table { get; }

        /// <summary>The name as SQL: "schema"."table" with quotes inside the names doubled.</summary>
        public string Quoted => Schema == null ? Quote(Table) : Quote(Schema) + "." + Quote(Table);

        /// <summary>Splits 'schema.table' on its first dot; a name without a dot is a table alone.</summary>
        public static PostgreSqlTableName Parse(string name)
        {
            var dot = name.IndexOf('.');
            var schema = dot < 0 ? null : name.Substring(0, dot).Trim();
            var table = dot < 0 ? name.Trim() : name.Substring(dot + 1).Trim();
            if (table.Length == 0 || (schema != null && schema.Length == 0))
            {
                throw new ErpSyncException(ErrorIds.EndpointInvalid, $"The table name '{name}' is not valid. Give it as schema.table, such as public.products, or as a table name alone.", kind: ErrorKind.InvalidArgument);
            }

            return new PostgreSqlTableName(schema, table);
        }

        public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

        public override string ToString() => Schema == null ? Table : Schema + "." + Table;

        public override bool Equals(object? obj) => obj is PostgreSqlTableName other && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
    }
}
