using System;
using System.Collections.Generic;
using System.Linq;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// The three-way comparison of left, right and baseline, per key. It works on hashes only, so
    /// bi-directional sync and correlation share it and it keeps no records.
    /// </summary>
    internal static class SyncPlanner
    {
        /// <summary>Returns a plan for every key that needs anything, and counts the unchanged keys.</summary>
        public static List<KeyPlan> Plan(
            SyncMode mode,
            bool propagateDeletes,
            IReadOnlyDictionary<string, SideEntry> left,
            IReadOnlyDictionary<string, SideEntry> right,
            IReadOnlyDictionary<string, Baseline> baselines,
            IReadOnlyDictionary<string, ErpConflict> conflicts,
            out long unchanged)
        {
            var plans = new List<KeyPlan>();
            unchanged = 0;
            var keys = left.Keys.Concat(right.Keys).Concat(baselines.Keys).Distinct(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                left.TryGetValue(key, out var l);
                right.TryGetValue(key, out var r);
                baselines.TryGetValue(key, out var b);
                conflicts.TryGetValue(key, out var conflict);

                var plan = Decide(mode, propagateDeletes, key, l, r, b, conflict);
                if (plan.Step == PlanStep.Unchanged)
                {
                    unchanged++;
                    continue;
                }

                plan.Conflict = conflict;
                plans.Add(plan);
            }

            return plans;
        }

        private static KeyPlan Decide(SyncMode mode, bool propagateDeletes, string key, SideEntry? l, SideEntry? r, Baseline? b, ErpConflict? conflict)
        {
            if (l != null && r != null)
            {
                if (conflict != null && conflict.Status == ConflictStatus.Resolved)
                {
                    return new KeyPlan(key, PlanStep.ApplyResolution, l, r, b);
                }

                return new KeyPlan(key, CompareBoth(l, r, b), l, r, b);
            }

            if (l == null && r == null)
            {
                return new KeyPlan(key, PlanStep.Forget, null, null, b);
            }

            var present = l ?? r!;
            var presentSide = l != null ? SyncSide.Left : SyncSide.Right;
            var absentSide = l != null ? SyncSide.Right : SyncSide.Left;
            if (mode == SyncMode.Correlation)
            {
                return new KeyPlan(key, l != null ? PlanStep.OnlyLeft : PlanStep.OnlyRight, l, r, b);
            }

            if (b == null)
            {
                return new KeyPlan(key, absentSide == SyncSide.Right ? PlanStep.CreateRight : PlanStep.CreateLeft, l, r, null);
            }

            PlanStep step;
            if (!propagateDeletes)
            {
                step = PlanStep.DeleteIgnored;
            }
            else if (present.Hash != b.Hash)
            {
                step = PlanStep.DeleteSkipped;
            }
            else
            {
                step = presentSide == SyncSide.Left ? PlanStep.DeleteLeft : PlanStep.DeleteRight;
            }

            return new KeyPlan(key, step, l, r, b) { DeletedOn = absentSide };
        }

        private static PlanStep CompareBoth(SideEntry l, SideEntry r, Baseline? b)
        {
            if (b == null)
            {
                return l.Hash == r.Hash ? PlanStep.Adopt : PlanStep.Conflict;
            }

            var leftChanged = l.Hash != b.Hash;
            var rightChanged = r.Hash != b.Hash;
            if (!leftChanged && !rightChanged)
            {
                return PlanStep.Unchanged;
            }

            if (leftChanged && !rightChanged)
            {
                return PlanStep.UpdateRight;
            }

            if (!leftChanged)
            {
                return PlanStep.UpdateLeft;
            }

            return l.Hash == r.Hash ? PlanStep.Adopt : PlanStep.Conflict;
        }
    }
}
