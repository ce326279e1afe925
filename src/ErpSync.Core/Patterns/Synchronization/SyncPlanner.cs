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
            var conflictAt = ConflictPositions(index, conflicts);
            unchanged = 0;
            for (var position = 0; position < index.Count; position++)
            {
                ref var state = ref index[position];
                conflictAt.TryGetValue(position, out var conflict);
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

        /// <summary>Finds the stored conflicts' keys in the index, so that planning makes no key string per key.</summary>
        private static Dictionary<int, ErpConflict> ConflictPositions(SyncIndex index, IReadOnlyDictionary<string, ErpConflict> conflicts)
        {
            var positions = new Dictionary<int, ErpConflict>();
            foreach (var conflict in conflicts)
            {
                if (index.TryFind(conflict.Key, out var position))
                {
                    positions.Add(position, conflict.Value);
                }
            }

            return positions;
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
