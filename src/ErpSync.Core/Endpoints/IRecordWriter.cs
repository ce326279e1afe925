using System;
using System.Collections.Generic;
using System.Threading;

namespace ErpSync.Core.Endpoints
{
    /// <summary>
    /// Writes batches to one endpoint. Each call to <see cref="WriteBatch"/> is one transaction where
    /// the endpoint has transactions: when it returns, the batch's successful writes are committed.
    /// A failed record fails alone. File endpoints keep the batches and replace the file atomically
    /// in <see cref="Complete"/>; disposing without completing discards what was not committed.
    /// </summary>
    public interface IRecordWriter : IDisposable
    {
        IReadOnlyList<WriteOutcome> WriteBatch(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken);

        /// <summary>Removes every record of the endpoint, in its own transaction; used by the Replace mode of a migration.</summary>
        void Truncate(CancellationToken cancellationToken);

        void Complete();
    }
}
