using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// One record of one entity, as read from an endpoint or built from a PowerShell object. Field
    /// names are the schema's names, not the system's columns; the endpoint's map translates.
    /// The metadata properties carry [JsonIgnore] because PowerShell's ConvertTo-Json (7.6, built on
    /// Newtonsoft.Json) serializes an object's .NET properties and then its adapted ones: so it writes
    /// the fields alone, as Export-Csv does.
    /// </summary>
    public sealed class ErpRecord
    {
        private string? contentHash;

        public ErpRecord(string entity, RecordKey key, RecordFields fields)
        {
            Entity = entity;
            Key = key;
            Fields = fields;
            Fields.Changed += (_, _) => contentHash = null;
        }

        [JsonIgnore]
        public string Entity { get; }

        [JsonIgnore]
        public RecordKey Key { get; private set; }

        [JsonIgnore]
        public RecordFields Fields { get; }

        /// <summary>The name of the endpoint the record was read from.</summary>
        [JsonIgnore]
        public string? Source { get; set; }

        /// <summary>The system's own id of the record, where the system assigns one.</summary>
        [JsonIgnore]
        public string? NativeId { get; set; }

        [JsonIgnore]
        public DateTimeOffset? ModifiedAt { get; set; }

        /// <summary>Where the record was read: the line in a file, the row number in a table.</summary>
        [JsonIgnore]
        public long? Position { get; set; }

        /// <summary>The source of each field of a merged record: field name to source name; null for a record read from one endpoint.</summary>
        [JsonIgnore]
        public IDictionary<string, string>? Lineage { get; set; }

        /// <summary>The hash over all fields in canonical form; recomputed after a field changes.</summary>
        [JsonIgnore]
        public string ContentHash => contentHash ??= ContentHasher.Hash(Fields);

        [JsonIgnore]
        public object? this[string field]
        {
            get => Fields.Get(field);
            set => Fields.Set(field, value);
        }

        /// <summary>Returns the hash over the named fields only, for comparing two systems on what both hold.</summary>
        public string HashOf(IEnumerable<string> fields) => ContentHasher.Hash(Fields, fields);

        /// <summary>Points the record at a new key, after a key prefix or a key field changed.</summary>
        public void Rekey(RecordKey key) => Key = key;

        public ErpRecord Clone()
        {
            return new ErpRecord(Entity, Key, Fields.Clone())
            {
                Source = Source,
                NativeId = NativeId,
                ModifiedAt = ModifiedAt,
                Position = Position,
                Lineage = Lineage == null ? null : new Dictionary<string, string>(Lineage, StringComparer.OrdinalIgnoreCase),
            };
        }

        public override string ToString() => Entity + " " + Key;

        /// <summary>Builds the key of a record from its key fields; returns null and names the field when one is missing or empty.</summary>
        public static RecordKey? BuildKey(RecordFields fields, IReadOnlyList<string> keyFields, KeyNormalization normalization, out string? missingField)
        {
            var parts = new string[keyFields.Count];
            for (var i = 0; i < keyFields.Count; i++)
            {
                var value = fields.Get(keyFields[i]);
                var text = value == null ? null : CanonicalValue.Of(value);
                if (text == null || text.Trim().Length == 0)
                {
                    missingField = keyFields[i];
                    return null;
                }

                parts[i] = text;
            }

            missingField = null;
            return new RecordKey(parts, normalization);
        }

        /// <summary>Returns the names of fields whose canonical values differ between two records.</summary>
        public static IReadOnlyList<string> DifferingFields(ErpRecord left, ErpRecord right, IEnumerable<string> fields) =>
            fields.Where(f => !CanonicalValue.AreEqual(left[f], right[f])).ToList();
    }
}
