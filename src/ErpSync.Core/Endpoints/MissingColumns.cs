using System.Collections.Generic;
using ErpSync.Core.Records;

namespace ErpSync.Core.Endpoints
{
    /// <summary>Finds the columns that the records of a batch carry and a database table lacks, for the table writers that add them.</summary>
    public static class MissingColumns
    {
        /// <summary>Returns each missing column once, with the schema type of its field, in the order the records name them.</summary>
        public static IReadOnlyList<(string Column, FieldType Type)> Of(IReadOnlyList<WriteOperation> batch, EndpointOptions options, HashSet<string> present)
        {
            var missing = new List<(string, FieldType)>();
            // Column names compare as the table's own set does: case-insensitive in SQLite, exact in PostgreSQL.
            var seen = new HashSet<string>(present.Comparer);
            foreach (var operation in batch)
            {
                if (operation.Record == null)
                {
                    continue;
                }

                foreach (var field in operation.Record.Fields.Names)
                {
                    var column = options.Map.ToNativeName(field);
                    if (!present.Contains(column) && seen.Add(column))
                    {
                        missing.Add((column, options.Schema.TypeOf(field)));
                    }
                }
            }

            return missing;
        }
    }
}
