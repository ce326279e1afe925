using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace ErpSync.Core.Endpoints
{
    /// <summary>
    /// Runs a read on a background thread, ahead of its caller, so that parsing, value coercion and
    /// content hashing overlap with the caller's own work on another core. Items reach the caller in
    /// the order the read produced them, in chunks, with a bounded number of items in flight.
    /// </summary>
    /// <remarks>
    /// The first item is read on the caller's thread, so an error opening a file or a table and an
    /// endpoint warning about a header surface there as before. An exception the read throws later
    /// is thrown to the caller after the items before it. Disposing the returned enumerator stops the
    /// background read and waits for it before disposing the read, so the endpoint's file or
    /// connection is closed when the caller goes on. The read must not share mutable state with the
    /// caller's work: an endpoint must not be read twice at once this way, because its record
    /// builder keeps state per read.
    /// </remarks>
    public static class ReadAhead
    {
        /// <summary>Items per hand-over from the background thread to the caller.</summary>
        public const int DefaultChunkSize = 512;

        /// <summary>Chunks that the background thread may read before the caller takes them.</summary>
        public const int DefaultDepth = 8;

        /// <summary>Returns the items of <paramref name="items"/>, read on a background thread with each record's content hash computed there.</summary>
        public static IEnumerable<ReadItem> Of(IEnumerable<ReadItem> items, CancellationToken cancellationToken = default) =>
            Of(items, HashRecord, cancellationToken, DefaultChunkSize, DefaultDepth);

        /// <summary>
        /// Returns the items of <paramref name="items"/>, read on a background thread that also runs
        /// <paramref name="prepare"/> on each item before handing it over.
        /// </summary>
        public static IEnumerable<T> Of<T>(IEnumerable<T> items, Action<T>? prepare, CancellationToken cancellationToken, int chunkSize, int depth)
        {
            if (chunkSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "The chunk size must be at least 1.");
            }

            if (depth < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(depth), depth, "The depth must be at least 1.");
            }

            return Iterate(items, prepare, cancellationToken, chunkSize, depth);
        }

        private static void HashRecord(ReadItem item) => _ = item.Record?.ContentHash;

        private static IEnumerable<T> Iterate<T>(IEnumerable<T> items, Action<T>? prepare, CancellationToken cancellationToken, int chunkSize, int depth)
        {
            using var enumerator = items.GetEnumerator();
            if (!enumerator.MoveNext())
            {
                yield break;
            }

            var first = enumerator.Current;
            prepare?.Invoke(first);
            yield return first;

            // One core leaves nothing to overlap, so the read goes on in the caller's thread.
            if (Environment.ProcessorCount < 2)
            {
                while (enumerator.MoveNext())
                {
                    yield return enumerator.Current;
                }

                yield break;
            }

            using var producer = new Producer<T>(enumerator, prepare, chunkSize, depth);
            foreach (var chunk in producer.Chunks(cancellationToken))
            {
                foreach (var item in chunk)
                {
                    yield return item;
                }
            }
        }

        /// <summary>The background thread and the bounded queue of chunks it fills.</summary>
        private sealed class Producer<T> : IDisposable
        {
            private readonly IEnumerator<T> enumerator;
            private readonly Action<T>? prepare;
            private readonly int chunkSize;
            private readonly BlockingCollection<List<T>> queue;
            private readonly CancellationTokenSource stop = new CancellationTokenSource();
            private readonly Thread thread;
            private Exception? failure;

            public Producer(IEnumerator<T> enumerator, Action<T>? prepare, int chunkSize, int depth)
            {
                this.enumerator = enumerator;
                this.prepare = prepare;
                this.chunkSize = chunkSize;
                queue = new BlockingCollection<List<T>>(depth);
                thread = new Thread(Produce) { IsBackground = true, Name = "ErpSync read-ahead" };
                thread.Start();
            }

            public IEnumerable<List<T>> Chunks(CancellationToken cancellationToken)
            {
                foreach (var chunk in queue.GetConsumingEnumerable(cancellationToken))
                {
                    yield return chunk;
                }

                // The queue completes after the last chunk, or after the chunks before a failure.
                if (failure != null)
                {
                    ExceptionDispatchInfo.Capture(failure).Throw();
                }
            }

            public void Dispose()
            {
                stop.Cancel();
                thread.Join();
                queue.Dispose();
                stop.Dispose();
            }

            private void Produce()
            {
                var chunk = new List<T>(chunkSize);
                try
                {
                    while (!stop.IsCancellationRequested && enumerator.MoveNext())
                    {
                        var item = enumerator.Current;
                        prepare?.Invoke(item);
                        chunk.Add(item);
                        if (chunk.Count == chunkSize)
                        {
                            queue.Add(chunk, stop.Token);
                            chunk = new List<T>(chunkSize);
                        }
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The caller stopped taking items, so the rest of the read is not needed.
                }
                catch (Exception ex)
                {
                    // The caller reads it after the queue completes, which orders this write before that read.
                    failure = ex;
                }
                finally
                {
                    // Items read before the end or before a failure still reach the caller.
                    HandOverLast(chunk);
                    queue.CompleteAdding();
                }
            }

            private void HandOverLast(List<T> chunk)
            {
                if (chunk.Count == 0 || stop.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    queue.Add(chunk, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // The caller stopped while this chunk waited for room.
                }
            }
        }
    }
}
