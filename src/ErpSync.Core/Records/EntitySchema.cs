using System;
using System.Collections.Generic;
using System.Linq;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// The shape of one entity: its key fields and the type of each known field. Fields that a system
    /// has beyond the schema are kept as text, so no column is dropped on the way through.
    /// </summary>
    public sealed class EntitySchema
    {
        private readonly Dictionary<string, FieldDefinition> byName;

        public EntitySchema(string name, IEnumerable<string> keyFields, IEnumerable<FieldDefinition> fields)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("An entity name must not be empty.", nameof(name));
            }

            Name = name;
            Fields = fields.ToList();
            byName = new Dictionary<string, FieldDefinition>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in Fields)
            {
                if (byName.ContainsKey(field.Name))
                {
                    throw new ArgumentException($"The schema '{name}' defines the field '{field.Name}' twice.", nameof(fields));
                }

                byName.Add(field.Name, field);
            }

            KeyFields = keyFields.Select(k => k.Trim()).Where(k => k.Length > 0).ToList();
            if (KeyFields.Count == 0)
            {
                throw new ArgumentException($"The schema '{name}' has no key field. Name one with -Key.", nameof(keyFields));
            }
        }

        public string Name { get; }

        public IReadOnlyList<string> KeyFields { get; }

        public IReadOnlyList<FieldDefinition> Fields { get; }

        /// <summary>True when the schema types no field, so every column is read as text under its own name.</summary>
        public bool IsAdHoc => Fields.Count == 0;

        public FieldDefinition? Find(string fieldName) =>
            byName.TryGetValue(fieldName, out var field) ? field : null;

        public FieldType TypeOf(string fieldName) => Find(fieldName)?.Type ?? FieldType.Text;

        /// <summary>Returns a copy of this schema whose key is made of the given fields.</summary>
        public EntitySchema WithKey(IEnumerable<string> keyFields) => new EntitySchema(Name, keyFields, Fields);

        /// <summary>Creates a schema that types no field: every column becomes a text field.</summary>
        public static EntitySchema AdHoc(string name, IEnumerable<string> keyFields) =>
            new EntitySchema(name, keyFields, Array.Empty<FieldDefinition>());

        public override string ToString() => Name + " [" + string.Join(", ", KeyFields) + "]";
    }
}
