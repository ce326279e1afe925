using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ErpSync.Core.Endpoints
{
    /// <summary>
    /// Writes one batch at a time through an <see cref="IRecordWriter"/> on a background thread, so
    /// that the caller plans the next batch on another core while the target writes and commits.
    /// The caller takes each batch's outcomes back with <see cref="Take"/> before it starts the next,
    /// so batches commit in order, one at a time, as they would on the caller's thread.
    /// </summary>
    /// <remarks>
    /// The writer is used by one thread at a time: the background thread while a batch is in flight,
    /// the caller otherwise (for <see cref="IRecordWriter.Complete"/>, for example). An exception of
    /// the write is thrown to the caller by <see cref="Take"/>. Disposing waits for the batch in
    /// flight, so the writer can be disposed after it.
    /// </remarks>
    public sealed class WriteBehind : IDisposable
    {
        private readonly IRecordWriter writer;
        private readonly bool background;
        private Task<IReadOnlyList<WriteOutcome>>? inFlight;
        private object? inFlightState;

        public WriteBehind(IRecordWriter writer)
            : this(writer, Environment.ProcessorCount > 1)
        {
        }

        /// <param name="writer">The target's writer.</param>
        /// <param name="background">False writes each batch on the caller's thread in <see cref="Start"/>, as on a machine with one core, where nothing can overlap.</param>
        public WriteBehind(IRecordWriter writer, bool background)
        {
            this.writer = writer ?? throw new ArgumentNullException(nameof(writer));
            this.background = background;
        }

        /// <summary>True from <see cref="Start"/> until <see cref="Take"/>.</summary>
        public bool Busy => inFlight != null;

        /// <summary>
        /// Starts writing <paramref name="batch"/>. <paramref name="state"/> comes back with its outcomes,
        /// for example the source position the batch reached.
        /// </summary>
        /// <exception cref="InvalidOperationException">A batch is in flight and must be taken first.</exception>
        public void Start(IReadOnlyList<WriteOperation> batch, object? state)
        {
            if (inFlight != null)
            {
                throw new InvalidOperationException("A batch is still being written. Take its outcomes before starting the next batch.");
            }

            inFlightState = state;
            if (!background)
            {
                try
                {
                    inFlight = Task.FromResult(writer.WriteBatch(batch, CancellationToken.None));
                }
                catch (Exception ex)
                {
                    // Kept for Take, as the background write keeps its exception.
                    inFlight = Task.FromException<IReadOnlyList<WriteOutcome>>(ex);
                }

                return;
            }

            // A stop request is checked between batches, never inside one, so the write itself is not cancelled.
            inFlight = Task.Run(() => writer.WriteBatch(batch, CancellationToken.None));
        }

        /// <summary>
        /// Waits for the batch in flight and returns its outcomes and state. Throws the exception of a
        /// write that failed as a whole; the batch is then not in flight any more.
        /// </summary>
        /// <exception cref="InvalidOperationException">No batch is in flight.</exception>
        public (IReadOnlyList<WriteOutcome> Outcomes, object? State) Take()
        {
            var task = inFlight ?? throw new InvalidOperationException("No batch is being written.");
            var state = inFlightState;
            inFlight = null;
            inFlightState = null;
            return (task.GetAwaiter().GetResult(), state);
        }

        /// <summary>Waits for the batch in flight, if any, without taking its outcomes or its exception.</summary>
        public void Dispose()
        {
            var task = inFlight;
            inFlight = null;
            inFlightState = null;
            if (task == null)
            {
                return;
            }

            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
                // The caller is already ending the run and has its own error to report.
            }
        }
    }
}
