using System;

namespace ErpSync.Core.Records
{
    /// <summary>One named, typed field of an entity schema.</summary>
    public sealed class FieldDefinition
    {
        public FieldDefinition(string name, FieldType type)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A field name must not be empty.", nameof(name));
            }

            Name = name.Trim();
            Type = type;
        }

        public string Name { get; }

        public FieldType Type { get; }

        public override string ToString() => Name + " (" + Type + ")";
    }
}
