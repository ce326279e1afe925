using System;
using System.Collections.Generic;
using System.Linq;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>
    /// What every key of one aggregation shares: the field names as read, the rule of each, and the
    /// source names by rank. A key then keeps only a field number and a value per field.
    /// </summary>
    internal sealed class MergeLayout
    {
        // Spellings stay apart here, so a merged record names each field as its own key first read it.
        private readonly Dictionary<string, int> indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> names = new List<string>();
        private readonly List<MergeRule> rules = new List<MergeRule>();
        private readonly IDictionary<string, MergeRule> namedRules;
        private readonly IReadOnlyList<string> keyFields;
        private readonly string[] sourceNames;

        // The field layout of the last merged record, so that merged records naming their fields alike share one.
        private object? mergedLayout;

        public MergeLayout(IDictionary<string, MergeRule> namedRules, IReadOnlyList<string> keyFields, IEnumerable<MergeSource> sources)
        {
            this.namedRules = namedRules;
            this.keyFields = keyFields;
            sourceNames = sources.OrderBy(s => s.Rank).Select(s => s.Name).ToArray();
        }

        public string NameOf(int field) => names[field];

        public MergeRule RuleOf(int field) => rules[field];

        public string SourceName(int rank) => sourceNames[rank];

        /// <summary>Returns empty fields for a merged record, on the layout of the merged record before it.</summary>
        public RecordFields NewMergedFields() => mergedLayout == null ? new RecordFields() : RecordFields.Like(mergedLayout);

        /// <summary>Keeps the layout of a finished merged record for the next one.</summary>
        public void KeepMergedLayout(RecordFields fields) => mergedLayout = fields.Count > 0 ? fields.ShareLayout() : null;

        /// <summary>The number of a field name; records of one read list their fields alike, so the position usually finds it.</summary>
        public int IndexOf(string name, int likelyPosition)
        {
            if (likelyPosition < names.Count && string.Equals(names[likelyPosition], name, StringComparison.Ordinal))
            {
                return likelyPosition;
            }

            if (indexes.TryGetValue(name, out var field))
            {
                return field;
            }

            if (names.Count == short.MaxValue)
            {
                throw new InvalidOperationException($"The sources hold more than {short.MaxValue} distinct field names.");
            }

            field = names.Count;
            names.Add(name);
            rules.Add(namedRules.TryGetValue(name, out var named) && !IsKeyField(name) ? named : MergeRule.Precedence);
            indexes.Add(name, field);
            return field;
        }

        private bool IsKeyField(string name)
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
    }
}
