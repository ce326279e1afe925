using System.Collections.Generic;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// The three-way comparison of left, right and baseline, per key. It works on hashes only, so
    /// bi-directional sync and correlation share it and it keeps no records.
    /// </summary>
    internal static class SyncPlanner
    {
        /// <summary>
        /// Stores the step of every key in the index and counts the unchanged keys. Returns the
        /// positions of the keys that need an action, in index order.
        /// </summary>
        public static List<int> Plan(
            SyncMode mode,
            bool propagateDeletes,
            SyncIndex index,
            IReadOnlyDictionary<string, ErpConflict> conflicts,
            out long unchanged)
        {
            var planned = new List<int>();
            unchanged = 0;
            for (var position = 0; position < index.Count; position++)
            {
                ref var state = ref index[position];
                conflicts.TryGetValue(state.Key, out var conflict);
                state.Step = Decide(mode, propagateDeletes, index.LeftHash(position), index.RightHash(position), index.BaselineHash(position), conflict);
                if (state.Step == PlanStep.Unchanged)
                {
                    unchanged++;
                    continue;
                }

                planned.Add(position);
            }

            return planned;
        }

        private static PlanStep Decide(SyncMode mode, bool propagateDeletes, HashValue? l, HashValue? r, HashValue? b, ErpConflict? conflict)
        {
            if (l != null && r != null)
            {
                if (conflict != null && conflict.Status == ConflictStatus.Resolved)
                {
                    return PlanStep.ApplyResolution;
                }

                return CompareBoth(l.Value, r.Value, b);
            }

            if (l == null && r == null)
            {
                return PlanStep.Forget;
            }

            var present = (l ?? r)!.Value;
            var presentSide = l != null ? SyncSide.Left : SyncSide.Right;
            if (mode == SyncMode.Correlation)
            {
                return l != null ? PlanStep.OnlyLeft : PlanStep.OnlyRight;
            }

            if (b == null)
            {
                return presentSide == SyncSide.Left ? PlanStep.CreateRight : PlanStep.CreateLeft;
            }

            if (!propagateDeletes)
            {
                return PlanStep.DeleteIgnored;
            }

            if (present != b.Value)
            {
                return PlanStep.DeleteSkipped;
            }

            return presentSide == SyncSide.Left ? PlanStep.DeleteLeft : PlanStep.DeleteRight;
        }

        private static PlanStep CompareBoth(HashValue l, HashValue r, HashValue? b)
        {
            if (b == null)
            {
                return l == r ? PlanStep.Adopt : PlanStep.Conflict;
            }

            var leftChanged = l != b.Value;
            var rightChanged = r != b.Value;
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

            return l == r ? PlanStep.Adopt : PlanStep.Conflict;
        }
    }
}
