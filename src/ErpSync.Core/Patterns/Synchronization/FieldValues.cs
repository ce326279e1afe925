using System;
using System.Collections.Generic;
using ErpSync.Core.Records;
using Newtonsoft.Json;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>Field values in canonical text form, as baselines and conflicts store them in JSON.</summary>
    internal static class FieldValues
    {
        public static Dictionary<string, string?> Of(ErpRecord record, IEnumerable<string> fields)
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in fields)
            {
                values[field] = Canonical(record[field]);
            }

            return values;
        }

        /// <summary>Returns the canonical text of a value, or null for a null value.</summary>
        public static string? Canonical(object? value)
        {
            var text = CanonicalValue.Of(value);
            return text == CanonicalValue.Null ? null : text;
        }

        public static string ToJson(IDictionary<string, string?> values) => JsonConvert.SerializeObject(values);

        public static Dictionary<string, string?> FromJson(string? json)
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (string.IsNullOrEmpty(json))
            {
                return values;
            }

            var parsed = JsonConvert.DeserializeObject<Dictionary<string, string?>>(json!);
            if (parsed != null)
            {
                foreach (var pair in parsed)
                {
                    values[pair.Key] = pair.Value;
                }
            }

            return values;
        }
    }
}
