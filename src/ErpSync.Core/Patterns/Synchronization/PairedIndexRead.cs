using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// Reads the left and the right side into the index at the same time, each on its own background
    /// thread, while the caller's thread fills the index. The index, the failed rows reported and an
    /// exception thrown come out as if the left side were read to its end before the right side began.
    /// </summary>
    /// <remarks>
    /// The index adds keys in the left side's read order, then keys only the right side has. A right
    /// record whose key the left side has not read yet therefore waits until the left read ends. At most
    /// <see cref="MaxWaiting"/> records wait; beyond that the right read pauses, so two sides read in
    /// different orders cost no more memory than that. Failed rows and an exception of the right read
    /// wait as well, until the left read has reported its own.
    /// </remarks>
    internal sealed class PairedIndexRead
    {
        private const int MaxWaiting = 65536;

        private readonly SideReader leftReader;
        private readonly SideReader rightReader;
        private readonly SyncIndex index;
        private readonly Action<RecordError>? failed;
        private readonly List<(IndexedRecord Record, long Ordinal)> waiting = new List<(IndexedRecord, long)>();
        /// <summary>The keys of the waiting records, with the position of the first record of each.</summary>
        private readonly Dictionary<string, long?> waitingKeys = new Dictionary<string, long?>(StringComparer.Ordinal);
        private readonly List<RecordError> waitingErrors = new List<RecordError>();

        public PairedIndexRead(SyncIndex index, SideReader leftReader, SideReader rightReader, Action<RecordError>? failed)
        {
            this.index = index;
            this.leftReader = leftReader;
            this.rightReader = rightReader;
            this.failed = failed;
        }

        /// <summary>Reads both sides into the index; <paramref name="rightStarted"/> runs when the left read has ended.</summary>
        public void Run(IReadOnlyList<string> comparedFields, Action rightStarted, CancellationToken cancellationToken)
        {
            using var left = leftReader.ReadForIndex(comparedFields, cancellationToken).GetEnumerator();
            IEnumerator<(ReadItem Item, IndexedRecord Record)>? right = null;
            try
            {
                var rightMore = true;
                ExceptionDispatchInfo? rightFailure = null;
                long leftTaken = 0;
                long rightTaken = 0;
                while (left.MoveNext())
                {
                    TakeLeft(left.Current);
                    leftTaken++;
                    if (!rightMore || rightFailure != null || rightTaken >= leftTaken || waiting.Count >= MaxWaiting)
                    {
                        continue;
                    }

                    try
                    {
                        right ??= rightReader.ReadForIndex(comparedFields, cancellationToken).GetEnumerator();
                        rightMore = right.MoveNext();
                    }
                    catch (Exception ex)
                    {
                        rightFailure = ExceptionDispatchInfo.Capture(ex);
                        continue;
                    }

                    if (rightMore)
                    {
                        TakeRight(right.Current, duringLeft: true);
                        rightTaken++;
                    }
                }

                rightStarted();
                FinishWaiting();
                rightFailure?.Throw();
                right ??= rightReader.ReadForIndex(comparedFields, cancellationToken).GetEnumerator();
                while (rightMore && right.MoveNext())
                {
                    TakeRight(right.Current, duringLeft: false);
                }
            }
            finally
            {
                right?.Dispose();
            }
        }

        private void TakeLeft((ReadItem Item, IndexedRecord Record) item)
        {
            var ordinal = leftReader.Count(item.Item, failed);
            if (ordinal == 0)
            {
                return;
            }

            if (leftReader.FindsDuplicates && index.HasSide(item.Record.Key, SyncSide.Left, out var firstRow))
            {
                leftReader.RejectDuplicate(item.Item, firstRow, failed);
                return;
            }

            leftReader.Apply(index, SyncSide.Left, item.Record, ordinal);
        }

        private void TakeRight((ReadItem Item, IndexedRecord Record) item, bool duringLeft)
        {
            var report = duringLeft ? waitingErrors.Add : failed;
            var ordinal = rightReader.Count(item.Item, report);
            if (ordinal == 0)
            {
                return;
            }

            var key = item.Record.Key;
            if (rightReader.FindsDuplicates && IsRepeated(key, out var firstRow))
            {
                rightReader.RejectDuplicate(item.Item, firstRow, report);
                return;
            }

            // A key that already waits keeps waiting, so that the records of one key reach the index in read order.
            if (duringLeft && (waitingKeys.ContainsKey(key) || !index.TryFind(key, out _)))
            {
                waiting.Add((item.Record, ordinal));
                if (!waitingKeys.ContainsKey(key))
                {
                    waitingKeys.Add(key, item.Record.Row);
                }

                return;
            }

            rightReader.Apply(index, SyncSide.Right, item.Record, ordinal);
        }

        private bool IsRepeated(string key, out long? firstRow) =>
            waitingKeys.TryGetValue(key, out firstRow) || index.HasSide(key, SyncSide.Right, out firstRow);

        private void FinishWaiting()
        {
            foreach (var error in waitingErrors)
            {
                failed?.Invoke(error);
            }

            foreach (var (record, ordinal) in waiting)
            {
                rightReader.Apply(index, SyncSide.Right, record, ordinal);
            }

            waitingErrors.Clear();
            waiting.Clear();
            waitingKeys.Clear();
        }
    }
}
