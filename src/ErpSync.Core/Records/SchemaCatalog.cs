using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ErpSync.Core.Records
{
    /// <summary>Finds the schema for an entity name: a custom definition, a built-in schema, or an ad-hoc one that reads every column as text.</summary>
    public static class SchemaCatalog
    {
        /// <param name="entity">The entity name, such as Product.</param>
        /// <param name="key">Key fields that replace the schema's own; required for ad-hoc entities.</param>
        /// <param name="definition">A dictionary or the path of a JSON file with a custom schema, or null.</param>
        public static EntitySchema Resolve(string entity, IReadOnlyList<string>? key, object? definition)
        {
            var keyOverride = key != null && key.Count > 0 ? key : null;
            switch (definition)
            {
                case IDictionary table:
                    return SchemaLoader.FromDictionary(entity, table, keyOverride);
                case string path when path.Length > 0:
                    if (!File.Exists(path))
                    {
                        throw new ErpSyncException(ErrorIds.SchemaInvalid, $"The schema file '{path}' does not exist.", kind: ErrorKind.ObjectNotFound);
                    }

                    return SchemaLoader.FromJsonFile(path, keyOverride);
            }

            if (BuiltInSchemas.TryGet(entity, out var builtIn))
            {
                return keyOverride != null ? builtIn.WithKey(keyOverride) : builtIn;
            }

            if (keyOverride == null)
            {
                var known = string.Join(", ", BuiltInSchemas.All.Select(s => s.Name));
                throw new ErpSyncException(
                    ErrorIds.SchemaInvalid,
                    $"The entity '{entity}' has no built-in schema ({known}), so its key is unknown. Name the key field with -Key, or give a schema with -Schema.",
                    kind: ErrorKind.InvalidArgument);
            }

            return EntitySchema.AdHoc(entity, keyOverride);
        }
    }
}
