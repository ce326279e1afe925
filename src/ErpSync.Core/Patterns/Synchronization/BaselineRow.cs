namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// The state-store writes of one key's settled baseline: the baseline row or its removal, new id
    /// map entries and the applied conflict. It contains only the text to write, so a chunk of baselines
    /// waiting for its commit keeps neither the key's plan nor its field values as objects.
    /// </summary>
    internal sealed class BaselineRow
    {
        private BaselineRow(string key)
        {
            Key = key;
        }

        public string Key { get; }

        /// <summary>Null when the baseline is to be removed.</summary>
        public string? Hash { get; private set; }

        public string DisplayKey { get; private set; } = string.Empty;

        public string? FieldsJson { get; private set; }

        public string? LeftId { get; private set; }

        public string? RightId { get; private set; }

        /// <summary>A native id of the left side that the id map does not contain yet.</summary>
        public string? NewLeftId { get; private set; }

        public string? NewRightId { get; private set; }

        public string? AppliedConflictId { get; private set; }

        /// <summary>Collects the writes of a baseline whose planned writes have all committed.</summary>
        public static BaselineRow Of(PendingBaseline baseline)
        {
            var plan = baseline.Plan;
            var row = new BaselineRow(plan.Key);
            if (baseline.Hash == null)
            {
                return row;
            }

            row.Hash = baseline.Hash;
            row.DisplayKey = plan.DisplayKey;
            row.FieldsJson = baseline.FieldsJson;
            row.LeftId = baseline.NewLeftId ?? plan.Left?.NativeId ?? plan.Baseline?.LeftId;
            row.RightId = baseline.NewRightId ?? plan.Right?.NativeId ?? plan.Baseline?.RightId;
            row.NewLeftId = baseline.NewLeftId ?? (plan.Left?.MatchedByKeyFields == true ? plan.Left.NativeId : null);
            row.NewRightId = baseline.NewRightId ?? (plan.Right?.MatchedByKeyFields == true ? plan.Right.NativeId : null);
            row.AppliedConflictId = plan.Conflict?.ConflictId;
            return row;
        }

        /// <summary>Runs the writes in the writer's transaction.</summary>
        public void WriteTo(BaselineWriter writer, string leftName, string rightName)
        {
            if (Hash == null)
            {
                writer.Remove(Key);
                return;
            }

            writer.Save(Key, DisplayKey, Hash, FieldsJson, LeftId, RightId);
            if (NewLeftId != null)
            {
                writer.SaveId(leftName, Key, NewLeftId);
            }

            if (NewRightId != null)
            {
                writer.SaveId(rightName, Key, NewRightId);
            }

            if (AppliedConflictId != null)
            {
                writer.MarkApplied(AppliedConflictId);
            }
        }
    }
}
