using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>One merged key and what the run did with it in the target; written by -PassThru.</summary>
    public sealed class ErpAggregateChange
    {
        public ErpAggregateChange(string key, AggregateAction action, ErpRecord? record)
        {
            Key = key;
            Action = action;
            Record = record;
        }

        /// <summary>The key as a person reads it, with its prefix where the source has one.</summary>
        public string Key { get; }

        public AggregateAction Action { get; }

        /// <summary>The merged record; null for a key that disappeared from every source.</summary>
        public ErpRecord? Record { get; }

        public override string ToString() => Action + " " + Key;
    }
}
