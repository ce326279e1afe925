using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// Builds custom schemas from a dictionary (a PowerShell hashtable) or a JSON file of the form
    /// <c>{ "name": "Supplier", "key": ["Code"], "fields": { "Code": "Text", "Rating": "Integer" } }</c>.
    /// </summary>
    public static class SchemaLoader
    {
        /// <summary>
        /// Reads a dictionary with the keys Name (optional), Key (one name or a list) and Fields
        /// (field name to type name), or a dictionary of field name to type name alone.
        /// </summary>
        public static EntitySchema FromDictionary(string entityName, IDictionary definition, IEnumerable<string>? keyOverride = null)
        {
            var name = ValueOf(definition, "Name")?.ToString() ?? entityName;
            var fieldsValue = ValueOf(definition, "Fields");
            var fieldTable = fieldsValue as IDictionary ?? definition;

            var fields = new List<FieldDefinition>();
            foreach (DictionaryEntry entry in fieldTable)
            {
                var fieldName = entry.Key?.ToString() ?? string.Empty;
                if (fieldsValue == null && IsReservedKey(fieldName))
                {
                    continue;
                }

                fields.Add(new FieldDefinition(fieldName, ParseType(fieldName, entry.Value?.ToString(), name)));
            }

            var keys = keyOverride?.ToList() ?? ToList(ValueOf(definition, "Key"));
            if (keys.Count == 0)
            {
                throw new ErpSyncException(
                    ErrorIds.SchemaInvalid,
                    $"The schema '{name}' names no key field. Add Key = 'Field' to the schema or pass -Key.");
            }

            return new EntitySchema(name, keys, fields);
        }

        public static EntitySchema FromJsonFile(string path, IEnumerable<string>? keyOverride = null)
        {
            JObject root;
            try
            {
                root = JObject.Parse(File.ReadAllText(path));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is Newtonsoft.Json.JsonException)
            {
                throw new ErpSyncException(ErrorIds.SchemaInvalid, $"The schema file '{path}' could not be read: {ex.Message}", ex);
            }

            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var property in root.Properties())
            {
                table[property.Name] = property.Value switch
                {
                    JObject obj => obj.Properties().ToDictionary(p => p.Name, p => (object?)p.Value.ToString(), StringComparer.OrdinalIgnoreCase) is var d ? new Hashtable(d, StringComparer.OrdinalIgnoreCase) : null,
                    JArray array => array.Select(t => t.ToString()).ToArray(),
                    JValue value => value.Value?.ToString(),
                    _ => property.Value.ToString(),
                };
            }

            var fallbackName = Path.GetFileNameWithoutExtension(path);
            return FromDictionary(fallbackName, table, keyOverride);
        }

        private static bool IsReservedKey(string key) =>
            key.Equals("Name", StringComparison.OrdinalIgnoreCase) || key.Equals("Key", StringComparison.OrdinalIgnoreCase);

        private static object? ValueOf(IDictionary table, string key)
        {
            foreach (DictionaryEntry entry in table)
            {
                if (string.Equals(entry.Key?.ToString(), key, StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value;
                }
            }

            return null;
        }

        private static List<string> ToList(object? value) => value switch
        {
            null => new List<string>(),
            string s => s.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0).ToList(),
            IEnumerable items => items.Cast<object?>().Select(i => i?.ToString() ?? string.Empty).Where(p => p.Length > 0).ToList(),
            _ => new List<string> { value.ToString()! },
        };

        private static FieldType ParseType(string field, string? typeName, string schemaName)
        {
            var text = (typeName ?? string.Empty).Trim();
            switch (text.ToLowerInvariant())
            {
                case "text":
                case "string":
                    return FieldType.Text;
                case "integer":
                case "int":
                case "long":
                    return FieldType.Integer;
                case "decimal":
                case "number":
                case "money":
                    return FieldType.Decimal;
                case "boolean":
                case "bool":
                    return FieldType.Boolean;
                case "datetime":
                case "date-time":
                case "date":
                case "timestamp":
                    return FieldType.DateTime;
                default:
                    throw new ErpSyncException(
                        ErrorIds.SchemaInvalid,
                        $"The schema '{schemaName}' gives the field '{field}' the unknown type '{text}'. Use Text, Integer, Decimal, Boolean or DateTime.");
            }
        }
    }
}
