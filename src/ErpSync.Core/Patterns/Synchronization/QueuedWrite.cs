using ErpSync.Core.Endpoints;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>A planned write to one side, with the change it reports and the baseline it completes.</summary>
    internal sealed class QueuedWrite
    {
        public QueuedWrite(WriteOperation operation, ErpSyncChange change, PendingBaseline baseline)
        {
            Operation = operation;
            Change = change;
            Baseline = baseline;
            operation.Tag = this;
        }

        public WriteOperation Operation { get; }

        public ErpSyncChange Change { get; }

        public PendingBaseline Baseline { get; }
    }
}
