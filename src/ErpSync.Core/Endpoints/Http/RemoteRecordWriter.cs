using System;
using System.Collections.Generic;
using System.Threading;
using ErpSync.Core.Records;

namespace ErpSync.Core.Endpoints.Http
{
    /// <summary>
    /// Writes batches to a system behind an API, one call sequence per record. APIs such as Tryton's
    /// and Vendure's have no transaction across calls, so each record commits on its own and a failed
    /// record fails alone.
    /// </summary>
    public sealed class RemoteRecordWriter : IRecordWriter
    {
        private readonly Endpoint endpoint;
        private readonly Func<WriteOperation, CancellationToken, WriteOutcome> write;

        public RemoteRecordWriter(Endpoint endpoint, Func<WriteOperation, CancellationToken, WriteOutcome> write)
        {
            this.endpoint = endpoint;
            this.write = write;
        }

        public IReadOnlyList<WriteOutcome> WriteBatch(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken)
        {
            var outcomes = new List<WriteOutcome>(batch.Count);
            foreach (var operation in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    outcomes.Add(write(operation, cancellationToken));
                }
                catch (ErpSyncException ex) when (ex.Kind != ErrorKind.AuthenticationError)
                {
                    var error = RecordError.FromException(ex, endpoint.Describe(), operation.Record?.Position, operation.Key.ToString());
                    error.Target = operation.Record;
                    outcomes.Add(WriteOutcome.Failed(operation, error));
                }
            }

            return outcomes;
        }

        public void Truncate(CancellationToken cancellationToken)
        {
            throw new ErpSyncException(ErrorIds.EntityNotSupported, $"The {endpoint.Describe()} cannot be emptied as a whole; delete its records one by one instead.", kind: ErrorKind.InvalidArgument);
        }

        public void Complete()
        {
        }

        public void Dispose()
        {
        }
    }
}
