using System;
using System.Collections.Generic;
using System.Threading;

namespace ErpSync.Core.Endpoints
{
    /// <summary>
    /// Collects write operations into batches of a fixed size and passes each full batch to the
    /// endpoint's writer. The caller receives the outcomes of each batch when it is written.
    /// </summary>
    public sealed class WriteSession : IDisposable
    {
        private readonly IRecordWriter writer;
        private readonly int batchSize;
        private readonly List<WriteOperation> pending;

        public WriteSession(Endpoint endpoint, int batchSize)
        {
            if (batchSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
            }

            Endpoint = endpoint;
            this.batchSize = batchSize;
            pending = new List<WriteOperation>(batchSize);
            writer = endpoint.OpenWriter();
        }

        public Endpoint Endpoint { get; }

        public int BatchesWritten { get; private set; }

        /// <summary>Adds an operation; returns the outcomes of the batch it filled, or an empty list.</summary>
        public IReadOnlyList<WriteOutcome> Add(WriteOperation operation, CancellationToken cancellationToken)
        {
            pending.Add(operation);
            return pending.Count >= batchSize ? Flush(cancellationToken) : Array.Empty<WriteOutcome>();
        }

        /// <summary>Writes the pending operations as one batch.</summary>
        public IReadOnlyList<WriteOutcome> Flush(CancellationToken cancellationToken)
        {
            if (pending.Count == 0)
            {
                return Array.Empty<WriteOutcome>();
            }

            var outcomes = writer.WriteBatch(pending.ToArray(), cancellationToken);
            pending.Clear();
            BatchesWritten++;
            return outcomes;
        }

        /// <summary>Writes what is pending and completes the writer (a file endpoint replaces its file here).</summary>
        public IReadOnlyList<WriteOutcome> Complete(CancellationToken cancellationToken)
        {
            var outcomes = Flush(cancellationToken);
            writer.Complete();
            return outcomes;
        }

        public void Truncate(CancellationToken cancellationToken) => writer.Truncate(cancellationToken);

        public void Dispose() => writer.Dispose();
    }
}
