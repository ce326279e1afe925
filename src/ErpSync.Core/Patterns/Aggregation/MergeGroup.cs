using System;
using System.Collections.Generic;
using System.Globalization;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>
    /// Everything read so far for one key: one running merge per field, the best-ranked key, and the
    /// error that rejects the key. The merged record is built once every source has been read.
    /// </summary>
    internal sealed class MergeGroup
    {
        private readonly List<FieldMerge> fields = new List<FieldMerge>();
        private readonly Dictionary<string, FieldMerge> byName = new Dictionary<string, FieldMerge>(StringComparer.OrdinalIgnoreCase);
        private int keyRank = int.MaxValue;
        private ErpRecord? merged;

        public MergeGroup(string entity, RecordKey key)
        {
            Entity = entity;
            Key = key;
        }

        public string Entity { get; }

        /// <summary>The key as the best-ranked source spells it.</summary>
        public RecordKey Key { get; private set; }

        /// <summary>Why the key cannot be merged; the first failure wins.</summary>
        public RecordError? Error { get; private set; }

        public IReadOnlyList<FieldMerge> Fields => fields;

        /// <summary>The key as the target holds it; null while the target has no record for the key.</summary>
        public RecordKey? ExistingKey { get; set; }

        /// <summary>True when the target's record holds the same values as the merged record.</summary>
        public bool TargetUnchanged { get; set; }

        /// <summary>True when the write of this key failed or was declined, so the job does not claim the key.</summary>
        public bool NotWritten { get; set; }

        public void Add(ErpRecord record, MergeSource source, IDictionary<string, MergeRule> rules, IReadOnlyList<string> keyFields)
        {
            if (source.Rank < keyRank)
            {
                Key = record.Key;
                keyRank = source.Rank;
            }

            foreach (var pair in record.Fields)
            {
                if (!byName.TryGetValue(pair.Key, out var field))
                {
                    var rule = rules.TryGetValue(pair.Key, out var named) && !IsKeyField(pair.Key, keyFields) ? named : MergeRule.Precedence;
                    field = new FieldMerge(pair.Key, rule);
                    byName.Add(pair.Key, field);
                    fields.Add(field);
                }

                if (!field.Add(pair.Value, source, record.ModifiedAt) && Error == null)
                {
                    Error = NotMergeable(field, source, record, pair.Value);
                }
            }
        }

        /// <summary>Builds the merged record with its lineage; the record is built once and kept.</summary>
        public ErpRecord Build()
        {
            if (merged != null)
            {
                return merged;
            }

            var values = new RecordFields();
            var lineage = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in fields)
            {
                values.Set(field.Name, field.Value);
                if (field.Lineage != null)
                {
                    lineage[field.Name] = field.Lineage;
                }
            }

            merged = new ErpRecord(Entity, Key, values) { Lineage = lineage };
            return merged;
        }

        private static bool IsKeyField(string name, IReadOnlyList<string> keyFields)
        {
            foreach (var keyField in keyFields)
            {
                if (string.Equals(keyField, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private RecordError NotMergeable(FieldMerge field, MergeSource source, ErpRecord record, object? value)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture);
            var message = field.Rule == MergeRule.Sum
                ? $"The field '{field.Name}' is merged by Sum, but the source '{source.Name}' holds the non-numeric value '{text}' for key '{Key}'. Fix the value, or merge the field by another rule. The key was not merged."
                : $"The field '{field.Name}' is merged by {field.Rule}, but the source '{source.Name}' holds the value '{text}' for key '{Key}', which cannot be compared with the values of the other sources. The key was not merged.";
            return new RecordError(ErrorIds.AggregateValueInvalid, message)
            {
                Source = source.Endpoint.Describe(),
                Position = record.Position,
                Key = Key.ToString(),
                Field = field.Name,
                Value = text,
                Target = record,
            };
        }
    }
}
