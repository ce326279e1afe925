using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using ErpSync.Core.Records;

namespace ErpSync.PowerShell.Records
{
    /// <summary>
    /// Shows a record's fields as PowerShell properties, so Where-Object, Select-Object, Sort-Object,
    /// Export-Csv and ConvertTo-Json see the data. The record's own metadata (Entity, Key, Source,
    /// NativeId, ModifiedAt, ContentHash, Position, Lineage) answers by name but is not enumerated, so exports
    /// hold only the data; a field with the same name wins over the metadata.
    /// </summary>
    public sealed class ErpRecordAdapter : PSPropertyAdapter
    {
        private static readonly string[] MetadataNames = { "Entity", "Key", "Source", "NativeId", "ModifiedAt", "ContentHash", "Position", "Lineage", "Fields" };

        public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
        {
            var record = (ErpRecord)baseObject;
            var properties = new Collection<PSAdaptedProperty>();
            foreach (var name in record.Fields.Names)
            {
                properties.Add(new PSAdaptedProperty(name, null));
            }

            return properties;
        }

        public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
        {
            var record = (ErpRecord)baseObject;
            if (record.Fields.Contains(propertyName))
            {
                var name = FieldName(record, propertyName);
                return new PSAdaptedProperty(name, null);
            }

            foreach (var metadata in MetadataNames)
            {
                if (string.Equals(metadata, propertyName, StringComparison.OrdinalIgnoreCase))
                {
                    return new PSAdaptedProperty(metadata, "metadata");
                }
            }

            return null;
        }

        public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty)
        {
            var record = (ErpRecord)adaptedProperty.BaseObject;
            if (adaptedProperty.Tag == null)
            {
                return record.Fields.Get(adaptedProperty.Name);
            }

            return adaptedProperty.Name switch
            {
                "Entity" => record.Entity,
                "Key" => record.Key.ToString(),
                "Source" => record.Source,
                "NativeId" => record.NativeId,
                "ModifiedAt" => record.ModifiedAt,
                "ContentHash" => record.ContentHash,
                "Position" => record.Position,
                "Lineage" => record.Lineage,
                "Fields" => record.Fields,
                _ => null,
            };
        }

        public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object value)
        {
            if (adaptedProperty.Tag != null)
            {
                throw new SetValueException($"The property '{adaptedProperty.Name}' of a record is read-only; change a field instead.");
            }

            var record = (ErpRecord)adaptedProperty.BaseObject;
            record.Fields.Set(adaptedProperty.Name, value is PSObject wrapped ? wrapped.BaseObject : value);
        }

        public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

        public override bool IsSettable(PSAdaptedProperty adaptedProperty) => adaptedProperty.Tag == null;

        public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty)
        {
            var value = GetPropertyValue(adaptedProperty);
            return value?.GetType().FullName ?? typeof(object).FullName!;
        }

        public override Collection<string> GetTypeNameHierarchy(object baseObject)
        {
            var record = (ErpRecord)baseObject;
            return new Collection<string>
            {
                typeof(ErpRecord).FullName + "#" + record.Entity,
                typeof(ErpRecord).FullName!,
                typeof(object).FullName!,
            };
        }

        private static string FieldName(ErpRecord record, string requested)
        {
            foreach (var name in record.Fields.Names)
            {
                if (string.Equals(name, requested, StringComparison.OrdinalIgnoreCase))
                {
                    return name;
                }
            }

            return requested;
        }
    }
}
