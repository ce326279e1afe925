using System;
using System.Collections.Generic;
using System.Globalization;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>
    /// The running merge of one field of one key: each source's value is folded in as it is read, so
    /// only the chosen value (or the running sum) and the names of contributing sources are kept.
    /// </summary>
    internal sealed class FieldMerge
    {
        private const string ConcatSeparator = "; ";

        private int chosenRank = int.MaxValue;
        private bool hasNonEmpty;
        private DateTimeOffset? chosenModifiedAt;
        private List<string>? contributors;
        private List<string>? concatValues;
        private List<KeyValuePair<string, object?>>? distinctValues;

        public FieldMerge(string name, MergeRule rule)
        {
            Name = name;
            Rule = rule;
        }

        /// <summary>
        /// Continues a field merged by precedence that a key kept as a bare value until two sources
        /// disagreed on it; the value came from the source of <paramref name="rank"/>, and it was not empty.
        /// </summary>
        public static FieldMerge ByPrecedence(string name, object? value, string lineage, int rank) =>
            new FieldMerge(name, MergeRule.Precedence)
            {
                Value = value,
                Lineage = lineage,
                chosenRank = rank,
                hasNonEmpty = true,
            };

        public string Name { get; }

        public MergeRule Rule { get; }

        public object? Value { get; private set; }

        /// <summary>The source that gave the value, or the contributing sources joined by ", " for Sum, Count and Concat.</summary>
        public string? Lineage { get; private set; }

        /// <summary>The distinct non-empty values by source when sources disagree on a field merged by precedence; null when they agree.</summary>
        public IReadOnlyList<KeyValuePair<string, object?>>? Disagreement =>
            distinctValues != null && distinctValues.Count > 1 ? distinctValues : null;

        /// <summary>Folds in one source's value; returns false when the rule cannot use the value (text under Sum).</summary>
        public bool Add(object? value, MergeSource source, DateTimeOffset? modifiedAt)
        {
            if (IsEmpty(value))
            {
                // An empty value still fills a field that no source has filled, so the field exists with the best-ranked emptiness.
                if (!hasNonEmpty && Rule != MergeRule.Count && source.Rank < chosenRank)
                {
                    Choose(value, source, modifiedAt);
                }

                return true;
            }

            switch (Rule)
            {
                case MergeRule.Sum:
                    return AddToSum(value!, source);
                case MergeRule.Min:
                case MergeRule.Max:
                    return AddExtreme(value!, source, modifiedAt);
                case MergeRule.Count:
                    Value = (Value is long count ? count : 0L) + 1;
                    AddContributor(source.Name);
                    return true;
                case MergeRule.Concat:
                    AddToConcat(value!, source.Name);
                    return true;
                case MergeRule.First:
                    if (!hasNonEmpty)
                    {
                        Choose(value, source, modifiedAt);
                    }

                    break;
                case MergeRule.Last:
                    Choose(value, source, modifiedAt);
                    break;
                case MergeRule.Newest:
                    if (!hasNonEmpty || IsNewer(modifiedAt, source.Rank))
                    {
                        Choose(value, source, modifiedAt);
                    }

                    break;
                default:
                    NoteForDisagreement(value, source.Name);
                    if (!hasNonEmpty || source.Rank < chosenRank)
                    {
                        Choose(value, source, modifiedAt);
                    }

                    break;
            }

            hasNonEmpty = true;
            return true;
        }

        public static bool IsEmpty(object? value) => value == null || (value is string text && text.Trim().Length == 0);

        private void Choose(object? value, MergeSource source, DateTimeOffset? modifiedAt)
        {
            Value = value;
            Lineage = source.Name;
            chosenRank = source.Rank;
            chosenModifiedAt = modifiedAt;
        }

        /// <summary>A record without a modification time is older than any with one; equal times go to the better precedence.</summary>
        private bool IsNewer(DateTimeOffset? modifiedAt, int rank)
        {
            if (modifiedAt == null)
            {
                return chosenModifiedAt == null && rank < chosenRank;
            }

            if (chosenModifiedAt == null || modifiedAt > chosenModifiedAt)
            {
                return true;
            }

            return modifiedAt == chosenModifiedAt && rank < chosenRank;
        }

        private bool AddToSum(object value, MergeSource source)
        {
            if (!NumericValue.TryRead(value, source.Endpoint.Options.Coercer, Name, out var number))
            {
                return false;
            }

            Value = hasNonEmpty ? NumericValue.Add(Value!, number!) : number;
            hasNonEmpty = true;
            AddContributor(source.Name);
            return true;
        }

        private bool AddExtreme(object value, MergeSource source, DateTimeOffset? modifiedAt)
        {
            var comparable = value;
            if (value is string && NumericValue.TryRead(value, source.Endpoint.Options.Coercer, Name, out var number))
            {
                comparable = number!;
            }

            if (!hasNonEmpty)
            {
                Choose(comparable, source, modifiedAt);
                hasNonEmpty = true;
                return true;
            }

            if (!NumericValue.TryCompare(comparable, Value!, out var order))
            {
                return false;
            }

            if ((Rule == MergeRule.Min && order < 0) || (Rule == MergeRule.Max && order > 0))
            {
                Choose(comparable, source, modifiedAt);
            }

            return true;
        }

        private void AddToConcat(object value, string sourceName)
        {
            concatValues ??= new List<string>();
            var text = value is string s ? s : CanonicalValue.Of(value);
            if (!concatValues.Contains(text))
            {
                concatValues.Add(text);
                AddContributor(sourceName);
            }

            Value = string.Join(ConcatSeparator, concatValues);
            hasNonEmpty = true;
        }

        private void AddContributor(string sourceName)
        {
            contributors ??= new List<string>();
            if (!contributors.Contains(sourceName))
            {
                contributors.Add(sourceName);
            }

            Lineage = string.Join(", ", contributors);
        }

        /// <summary>Keeps the distinct values only once a second one differs, so agreeing sources cost nothing.</summary>
        private void NoteForDisagreement(object? value, string sourceName)
        {
            if (!hasNonEmpty)
            {
                return;
            }

            if (distinctValues == null)
            {
                if (CanonicalValue.AreEqual(Value, value))
                {
                    return;
                }

                distinctValues = new List<KeyValuePair<string, object?>> { new KeyValuePair<string, object?>(Lineage!, Value) };
            }

            foreach (var seen in distinctValues)
            {
                if (CanonicalValue.AreEqual(seen.Value, value))
                {
                    return;
                }
            }

            distinctValues.Add(new KeyValuePair<string, object?>(sourceName, value));
        }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} = {1} ({2})", Name, Value, Lineage);
    }
}
