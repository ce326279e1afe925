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
        // The records of one source list their fields in the same order, so a search that starts at the
        // field's position in the record finds it at once, and no key needs a dictionary of its own.
        private List<FieldMerge> fields = new List<FieldMerge>();
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

        /// <summary>The content hash of the merged record, kept after <see cref="Release"/> lets go of its values.</summary>
        public string? MergedHash { get; set; }

        public void Add(ErpRecord record, MergeSource source, IDictionary<string, MergeRule> rules, IReadOnlyList<string> keyFields)
        {
            if (source.Rank < keyRank)
            {
                Key = record.Key;
                keyRank = source.Rank;
            }

            var position = 0;
            foreach (var pair in record.Fields)
            {
                var field = Find(pair.Key, position++);
                if (field == null)
                {
                    var rule = rules.TryGetValue(pair.Key, out var named) && !IsKeyField(pair.Key, keyFields) ? named : MergeRule.Precedence;
                    field = new FieldMerge(pair.Key, rule);
                    fields.Add(field);
                }

                if (!field.Add(pair.Value, source, record.ModifiedAt) && Error == null)
                {
                    Error = NotMergeable(field, source, record, pair.Value);
                }
            }
        }

        /// <summary>Builds the merged record with its lineage; the record is kept until <see cref="ForgetBuild"/> or <see cref="Release"/>.</summary>
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

        /// <summary>
        /// Returns the hash of the merged record and lets go of the merged values, which a written
        /// group no longer needs, so writing does not add a record per key to the memory of a run.
        /// </summary>
        public string Release()
        {
            var hash = Build().ContentHash;
            merged = null;
            fields = new List<FieldMerge>();
            return hash;
        }

        /// <summary>Lets go of the merged record that <see cref="Build"/> keeps; the next call builds it again from the same values.</summary>
        public void ForgetBuild() => merged = null;

        private FieldMerge? Find(string name, int likelyPosition)
        {
            if (likelyPosition < fields.Count && string.Equals(fields[likelyPosition].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return fields[likelyPosition];
            }

            foreach (var field in fields)
            {
                if (string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return field;
                }
            }

            return null;
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
