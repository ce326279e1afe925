using System;
using System.Collections.Generic;
using System.Globalization;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>
    /// Everything read so far for one key: one value or running merge per field, the best-ranked key, and the
    /// error that rejects the key. The merged record is built once every source has been read.
    /// </summary>
    internal sealed class MergeGroup
    {
        // A slot whose value is a FieldMerge: a field under a rule, or one whose sources disagreed.
        private const int Merged = -1;

        // One slot per field in the order this key first read them. A field merged by precedence
        // keeps only its value and the rank of its source until two sources disagree on it.
        private FieldSlot[] slots = Array.Empty<FieldSlot>();
        private int count;
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

        /// <summary>The key as stored in the target, or null while the target has no record for the key.</summary>
        public RecordKey? ExistingKey { get; set; }

        /// <summary>True when the target's record contains the same values as the merged record.</summary>
        public bool TargetUnchanged { get; set; }

        /// <summary>True when the write of this key failed or was declined, so the job does not claim the key.</summary>
        public bool NotWritten { get; set; }

        /// <summary>
        /// The content hash of the merged record when it is known before the record is built: a key
        /// that one source gave, with no merge rule, contains that source record's fields and values.
        /// </summary>
        public string? KnownHash { get; set; }

        /// <summary>The content hash of the merged record, kept after <see cref="Release"/> lets go of its values.</summary>
        public string? MergedHash { get; set; }

        /// <summary>The fields merged by precedence whose sources hold different non-empty values.</summary>
        public IEnumerable<FieldMerge> Disagreements
        {
            get
            {
                for (var i = 0; i < count; i++)
                {
                    if (slots[i].Rank == Merged && slots[i].Value is FieldMerge merge && merge.Disagreement != null)
                    {
                        yield return merge;
                    }
                }
            }
        }

        public void Add(ErpRecord record, MergeSource source, MergeLayout layout)
        {
            if (source.Rank < keyRank)
            {
                Key = record.Key;
                keyRank = source.Rank;
            }

            var position = 0;
            foreach (var pair in record.Fields)
            {
                var field = layout.IndexOf(pair.Key, position);
                var slot = Find(field, pair.Key, position++, layout);
                if (slot < 0)
                {
                    slot = Append(field, pair.Key, layout, record.Fields.Count);
                }

                if (!Fold(ref slots[slot], pair.Value, source, record.ModifiedAt, layout) && Error == null)
                {
                    Error = NotMergeable((FieldMerge)slots[slot].Value!, source, record, pair.Value);
                }
            }
        }

        /// <summary>Builds the merged record with its lineage; the record is kept until <see cref="ForgetBuild"/> or <see cref="Release"/>.</summary>
        public ErpRecord Build(MergeLayout layout)
        {
            if (merged != null)
            {
                return merged;
            }

            var values = layout.NewMergedFields();
            var lineage = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < count; i++)
            {
                var slot = slots[i];
                var name = layout.NameOf(slot.Field);
                if (slot.Rank == Merged)
                {
                    var field = (FieldMerge)slot.Value!;
                    values.Set(name, field.Value);
                    if (field.Lineage != null)
                    {
                        lineage[name] = field.Lineage;
                    }
                }
                else
                {
                    values.Set(name, slot.Value);
                    lineage[name] = layout.SourceName(slot.Rank);
                }
            }

            layout.KeepMergedLayout(values);
            merged = new ErpRecord(Entity, Key, values) { Lineage = lineage };
            return merged;
        }

        /// <summary>
        /// Returns the hash of the merged record and lets go of the merged values, which a written
        /// group no longer needs, so writing does not add a record per key to the memory of a run.
        /// </summary>
        public string Release(MergeLayout layout)
        {
            var hash = KnownHash ?? Build(layout).ContentHash;
            merged = null;
            slots = Array.Empty<FieldSlot>();
            count = 0;
            return hash;
        }

        /// <summary>Lets go of the merged record that <see cref="Build(MergeLayout)"/> keeps; the next call builds it again from the same values.</summary>
        public void ForgetBuild() => merged = null;

        /// <summary>Folds in one source's value, the way <see cref="FieldMerge.Add"/> does for a field merged by precedence.</summary>
        private static bool Fold(ref FieldSlot slot, object? value, MergeSource source, DateTimeOffset? modifiedAt, MergeLayout layout)
        {
            if (slot.Rank == Merged)
            {
                return ((FieldMerge)slot.Value!).Add(value, source, modifiedAt);
            }

            if (FieldMerge.IsEmpty(value))
            {
                // An empty value still fills a field that no source has filled, so the field exists with the best-ranked emptiness.
                if (!slot.HasNonEmpty && source.Rank < slot.Rank)
                {
                    slot.Value = value;
                    slot.Rank = source.Rank;
                }

                return true;
            }

            if (slot.HasNonEmpty && !CanonicalValue.AreEqual(slot.Value, value))
            {
                var field = FieldMerge.ByPrecedence(layout.NameOf(slot.Field), slot.Value, layout.SourceName(slot.Rank), slot.Rank);
                slot.Value = field;
                slot.Rank = Merged;
                return field.Add(value, source, modifiedAt);
            }

            if (!slot.HasNonEmpty || source.Rank < slot.Rank)
            {
                slot.Value = value;
                slot.Rank = source.Rank;
            }

            slot.HasNonEmpty = true;
            return true;
        }

        private int Find(int field, string name, int likelyPosition, MergeLayout layout)
        {
            if (likelyPosition < count && IsField(slots[likelyPosition].Field, field, name, layout))
            {
                return likelyPosition;
            }

            for (var i = 0; i < count; i++)
            {
                if (IsField(slots[i].Field, field, name, layout))
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool IsField(short slotField, int field, string name, MergeLayout layout) =>
            slotField == field || string.Equals(layout.NameOf(slotField), name, StringComparison.OrdinalIgnoreCase);

        private int Append(int field, string name, MergeLayout layout, int recordFieldCount)
        {
            if (count == slots.Length)
            {
                Array.Resize(ref slots, Math.Max(count + 1, recordFieldCount));
            }

            var rule = layout.RuleOf(field);
            slots[count] = new FieldSlot
            {
                Field = (short)field,
                Rank = rule == MergeRule.Precedence ? int.MaxValue : Merged,
                Value = rule == MergeRule.Precedence ? null : new FieldMerge(name, rule),
            };
            return count++;
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

        private struct FieldSlot
        {
            /// <summary>The chosen value, or the <see cref="FieldMerge"/> when <see cref="Rank"/> is <see cref="Merged"/>.</summary>
            public object? Value;

            /// <summary>The rank of the source of the value; int.MaxValue while no source has given one.</summary>
            public int Rank;

            /// <summary>The field's number in the <see cref="MergeLayout"/>.</summary>
            public short Field;

            public bool HasNonEmpty;
        }
    }
}
