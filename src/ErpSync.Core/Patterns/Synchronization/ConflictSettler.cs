using System;
using System.Collections.Generic;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>Computes the values a conflict settles on under a policy other than Manual.</summary>
    internal sealed class ConflictSettler
    {
        private readonly SyncOptions options;
        private readonly IReadOnlyList<string> comparedFields;

        public ConflictSettler(SyncOptions options, IReadOnlyList<string> comparedFields)
        {
            this.options = options;
            this.comparedFields = comparedFields;
        }

        /// <summary>Returns the compared fields' values that both sides get, and a sentence that gives the reason.</summary>
        public Dictionary<string, object?> Settle(ErpRecord left, ErpRecord right, IReadOnlyDictionary<string, string?>? baseline, out string reason)
        {
            switch (options.ConflictPolicy)
            {
                case ConflictPolicy.LeftWins:
                    reason = "Both sides changed the record; LeftWins kept the left values.";
                    return Values(left);
                case ConflictPolicy.RightWins:
                    reason = "Both sides changed the record; RightWins kept the right values.";
                    return Values(right);
                case ConflictPolicy.Newest:
                    var newer = Newer(left, right, out var why);
                    reason = $"Both sides changed the record; Newest kept the {newer.ToString().ToLowerInvariant()} values because {why}.";
                    return Values(newer == SyncSide.Left ? left : right);
                case ConflictPolicy.FieldMerge:
                    return Merge(left, right, baseline, out reason);
                default:
                    throw new InvalidOperationException($"The conflict policy {options.ConflictPolicy} does not settle values.");
            }
        }

        private Dictionary<string, object?> Merge(ErpRecord left, ErpRecord right, IReadOnlyDictionary<string, string?>? baseline, out string reason)
        {
            var merged = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            var overlapping = new List<string>();
            foreach (var field in comparedFields)
            {
                var leftValue = FieldValues.Canonical(left[field]);
                var rightValue = FieldValues.Canonical(right[field]);
                string? baseValue = null;
                var known = baseline != null && baseline.TryGetValue(field, out baseValue);
                if (leftValue == rightValue || (known && rightValue == baseValue))
                {
                    merged[field] = left[field];
                }
                else if (known && leftValue == baseValue)
                {
                    merged[field] = right[field];
                }
                else
                {
                    overlapping.Add(field);
                    merged[field] = FieldWinner(left, right) == SyncSide.Left ? left[field] : right[field];
                }
            }

            reason = overlapping.Count == 0
                ? "Both sides changed different fields; FieldMerge kept both changes."
                : $"Both sides changed the fields {string.Join(", ", overlapping)}; FieldMerge settled them by {options.FieldConflictPolicy} and kept the other changes of both sides.";
            return merged;
        }

        private SyncSide FieldWinner(ErpRecord left, ErpRecord right) => options.FieldConflictPolicy switch
        {
            FieldConflictPolicy.LeftWins => SyncSide.Left,
            FieldConflictPolicy.RightWins => SyncSide.Right,
            _ => Newer(left, right, out _),
        };

        /// <summary>Returns the side with the later modification time; equal or missing times go to the tie-breaker.</summary>
        private SyncSide Newer(ErpRecord left, ErpRecord right, out string why)
        {
            if (left.ModifiedAt == null || right.ModifiedAt == null)
            {
                why = "a modification time is missing, so the tie-breaker decided";
                return options.TieBreaker;
            }

            var order = left.ModifiedAt.Value.CompareTo(right.ModifiedAt.Value);
            if (order == 0)
            {
                why = "both were modified at the same time, so the tie-breaker decided";
                return options.TieBreaker;
            }

            why = "it was modified later";
            return order > 0 ? SyncSide.Left : SyncSide.Right;
        }

        private Dictionary<string, object?> Values(ErpRecord record)
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in comparedFields)
            {
                values[field] = record[field];
            }

            return values;
        }
    }
}
