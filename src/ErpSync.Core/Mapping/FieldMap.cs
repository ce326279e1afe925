using System;
using System.Collections.Generic;
using System.Linq;
using ErpSync.Core.Records;

namespace ErpSync.Core.Mapping
{
    /// <summary>
    /// Translates between the schema's field names and one system's column names (or, for JSON, a
    /// JSONPath such as <c>$.address.city</c>). Columns that neither the map nor the schema names keep
    /// their own names.
    /// </summary>
    public sealed class FieldMap
    {
        private readonly Dictionary<string, string> entityToNative;
        private readonly Dictionary<string, string> nativeToEntity;

        public static readonly FieldMap Empty = new FieldMap(new Dictionary<string, string>());

        public FieldMap(IDictionary<string, string> entityToNative)
        {
            this.entityToNative = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            nativeToEntity = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in entityToNative)
            {
                var entity = pair.Key.Trim();
                var native = (pair.Value ?? string.Empty).Trim();
                if (entity.Length == 0 || native.Length == 0)
                {
                    throw new ErpSyncException(ErrorIds.EndpointInvalid, $"The map entry '{pair.Key}' = '{pair.Value}' has an empty name. Give both the field and the column.", kind: ErrorKind.InvalidArgument);
                }

                if (nativeToEntity.TryGetValue(native, out var other))
                {
                    throw new ErpSyncException(ErrorIds.EndpointInvalid, $"The map sends both '{other}' and '{entity}' to the column '{native}'. Map each column once.", kind: ErrorKind.InvalidArgument);
                }

                this.entityToNative[entity] = native;
                nativeToEntity[native] = entity;
            }
        }

        public IReadOnlyDictionary<string, string> EntityToNative => entityToNative;

        public int Count => entityToNative.Count;

        /// <summary>Returns the schema name for a system column: the mapped field, the schema's spelling of the same name, or the column itself.</summary>
        public string ToEntityName(string nativeName, EntitySchema schema)
        {
            if (nativeToEntity.TryGetValue(nativeName, out var entity))
            {
                return schema.Find(entity)?.Name ?? entity;
            }

            var field = schema.Find(nativeName);
            if (field != null && !entityToNative.ContainsKey(field.Name))
            {
                return field.Name;
            }

            return nativeName;
        }

        /// <summary>Returns the system column for a schema field: the mapped column or the field's own name.</summary>
        public string ToNativeName(string entityName) =>
            entityToNative.TryGetValue(entityName, out var native) ? native : entityName;

        public bool IsMappedColumn(string nativeName) => nativeToEntity.ContainsKey(nativeName);

        public override string ToString() =>
            string.Join(", ", entityToNative.Select(p => p.Key + " = " + p.Value));
    }
}
