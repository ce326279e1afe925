using System;
using System.Collections.Generic;
using System.Threading;
using ErpSync.Core.Endpoints;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>
    /// Opens the writers of one target's delivery. A target with transactions commits each batch before
    /// <see cref="IRecordWriter.WriteBatch"/> returns, so one writer serves every batch of a delivery;
    /// an SQLite writer then reads the table's keys once per delivery instead of once per batch. A file
    /// target commits only in <see cref="IRecordWriter.Complete"/>, so each of its batches gets a writer
    /// of its own that replaces the file before the cursor moves past the batch.
    /// </summary>
    internal sealed class TargetWriter : IDisposable
    {
        private readonly Endpoint target;
        private readonly bool keepOpen;
        private IRecordWriter? open;

        public TargetWriter(Endpoint target)
        {
            this.target = target;
            keepOpen = target.Can(EndpointCapabilities.Transactions);
        }

        /// <summary>Writes the operations and commits them; throws when the write failed as a whole.</summary>
        public IReadOnlyList<WriteOutcome> Write(IReadOnlyList<WriteOperation> operations)
        {
            // A write in progress is not cancelled, so a stop finishes the batch it interrupts.
            if (!keepOpen)
            {
                using var writer = target.OpenWriter();
                var outcomes = writer.WriteBatch(operations, CancellationToken.None);
                writer.Complete();
                return outcomes;
            }

            open ??= target.OpenWriter();
            try
            {
                return open.WriteBatch(operations, CancellationToken.None);
            }
            catch
            {
                // What the writer caches (its connection, the table's columns and keys) may no longer
                // match the target after a failed write, so the next write opens a new writer.
                Close();
                throw;
            }
        }

        /// <summary>Closes the open writer, so that the next write opens a new one, as a retry after failed records does.</summary>
        public void Close()
        {
            var writer = open;
            open = null;
            writer?.Dispose();
        }

        /// <summary>Completes and closes the open writer at the end of a delivery.</summary>
        public void Complete()
        {
            open?.Complete();
            Close();
        }

        public void Dispose() => Close();
    }
}
