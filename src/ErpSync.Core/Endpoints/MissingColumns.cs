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
            IReadOnlyList<string>? checkedNames = null;
            foreach (var operation in batch)
            {
                if (operation.Record == null)
                {
                    continue;
                }

                // Records of one read share one name list, so a record with the list of the one before adds nothing new.
                var names = operation.Record.Fields.Names;
                if (ReferenceEquals(names, checkedNames))
                {
                    continue;
                }

                checkedNames = names;
                foreach (var field in names)
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
