using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>
    /// Delivers the outbox to one target from its cursor on, a batch at a time. Failed records are
    /// retried with back-off, then become dead letters. The cursor moves only after the batch's
    /// writes committed, so a killed process repeats at most one batch per target, which upserts make harmless.
    /// </summary>
    public sealed class TargetDelivery
    {
        private readonly BroadcastOptions options;
        private readonly Endpoint target;
        private readonly BroadcastState state;
        private readonly Action<string> verbose;
        private readonly Action<RecordError> recordFailed;
        private readonly TargetWriter writer;
        private readonly OutboxBatches? batches;

        public TargetDelivery(BroadcastOptions options, Endpoint target, BroadcastState state, Action<string> verbose, Action<RecordError> recordFailed)
            : this(options, target, state, null, verbose, recordFailed)
        {
        }

        /// <summary>Creates a delivery that takes its outbox batches from <paramref name="batches"/>, shared with the cycle's other targets.</summary>
        internal TargetDelivery(BroadcastOptions options, Endpoint target, BroadcastState state, OutboxBatches? batches, Action<string> verbose, Action<RecordError> recordFailed)
        {
            this.batches = batches;
            this.options = options;
            this.target = target;
            this.state = state;
            this.verbose = verbose;
            this.recordFailed = recordFailed;
            writer = new TargetWriter(target);
        }

        internal DeliveryCounts Deliver(CancellationToken cancellationToken)
        {
            var counts = new DeliveryCounts();
            var cursor = state.LoadCursor(target.Name);
            using (writer)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var entries = batches?.Take(cursor, state) ?? state.ReadAfter(cursor, options.BatchSize);
                    if (entries.Count == 0)
                    {
                        break;
                    }

                    if (!DeliverBatch(entries, counts, cancellationToken))
                    {
                        break;
                    }

                    cursor = entries[entries.Count - 1].Sequence;
                }

                writer.Complete();
            }

            counts.Lag = state.CountAfter(cursor);
            return counts;
        }

        /// <summary>Sends one outbox entry again, as a dead letter re-send does; returns the error, or null on success.</summary>
        public string? DeliverOne(OutboxEntry entry)
        {
            var operation = ToOperation(entry, out var buildError);
            if (operation == null)
            {
                return buildError;
            }

            using (writer)
            {
                var outcome = Write(new[] { operation }).Single();
                writer.Complete();
                return outcome.Error?.Message;
            }
        }

        /// <summary>Delivers a batch and stores the cursor after it; returns false when stopped during a retry wait.</summary>
        private bool DeliverBatch(List<OutboxEntry> entries, DeliveryCounts counts, CancellationToken cancellationToken)
        {
            var failures = new Dictionary<OutboxEntry, (string Error, int Attempts)>();
            var pending = new List<(OutboxEntry Entry, WriteOperation Operation)>();
            foreach (var entry in Latest(entries, counts))
            {
                var operation = ToOperation(entry, out var buildError);
                if (operation == null)
                {
                    failures[entry] = (buildError!, 1);
                    continue;
                }

                operation.Tag = entry;
                pending.Add((entry, operation));
            }

            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                var outcomes = Write(pending.Select(p => p.Operation).ToList());
                var failed = new List<(OutboxEntry, WriteOperation)>();
                foreach (var outcome in outcomes)
                {
                    var entry = (OutboxEntry)outcome.Operation.Tag!;
                    if (outcome.Succeeded)
                    {
                        counts.Delivered++;
                        failures.Remove(entry);
                        continue;
                    }

                    counts.Failed++;
                    failures[entry] = (outcome.Error!.Message, attempt);
                    if (!IsPermanent(outcome.Error))
                    {
                        failed.Add((entry, outcome.Operation));
                    }
                }

                pending = failed;
                if (pending.Count == 0 || attempt >= options.MaxAttempts)
                {
                    break;
                }

                // A target that failed may have dropped the connection or changed its table, so each retry
                // opens a new writer, and no connection stays open during the wait.
                writer.Close();
                var delay = RetryPolicy.DelayBefore(attempt, options.RetryDelay);
                verbose($"{pending.Count} record(s) failed on the {target.Describe()} (attempt {attempt} of {options.MaxAttempts}); retrying in {delay.TotalMilliseconds:0} ms.");
                if (cancellationToken.WaitHandle.WaitOne(delay))
                {
                    verbose($"Stopped while waiting to retry; the cursor of target '{target.Name}' stays before this batch, so its records are sent again on the next start.");
                    return false;
                }
            }

            Commit(entries[entries.Count - 1].Sequence, failures, counts);
            return true;
        }

        /// <summary>
        /// Returns true for a failure that the same write would meet again, such as a value the target
        /// cannot hold or a missing key; such a record becomes a dead letter at once instead of being retried.
        /// </summary>
        private static bool IsPermanent(RecordError error) =>
            error.Kind == ErrorKind.InvalidData ||
            error.ErrorId == ErrorIds.KeyMissing ||
            error.ErrorId == ErrorIds.KeyExists ||
            error.ErrorId == ErrorIds.ValueNotParsed ||
            error.ErrorId == ErrorIds.FieldMissing ||
            error.ErrorId == ErrorIds.FieldDuplicate;

        /// <summary>Skips entries whose key changes again later in the same batch, since only the last change matters to an upsert.</summary>
        private static IEnumerable<OutboxEntry> Latest(List<OutboxEntry> entries, DeliveryCounts counts)
        {
            var last = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                last[entry.RecordKey] = entry.Sequence;
            }

            foreach (var entry in entries)
            {
                if (last[entry.RecordKey] == entry.Sequence)
                {
                    yield return entry;
                }
                else
                {
                    counts.Delivered++;
                }
            }
        }

        private void Commit(long lastSequence, Dictionary<OutboxEntry, (string Error, int Attempts)> failures, DeliveryCounts counts) =>
            state.Write(transaction => Commit(lastSequence, failures, counts, transaction));

        private void Commit(long lastSequence, Dictionary<OutboxEntry, (string Error, int Attempts)> failures, DeliveryCounts counts, DbTransaction transaction)
        {
            foreach (var failure in failures)
            {
                state.AddDeadLetter(target.Name, failure.Key, failure.Value.Attempts, failure.Value.Error, transaction);
                counts.DeadLettered++;
                recordFailed(new RecordError(
                    ErrorIds.BroadcastDeadLetter,
                    $"The change {failure.Key.Sequence} of key '{failure.Key.DisplayKey}' could not be delivered to target '{target.Name}' after {failure.Value.Attempts} attempt(s) and is now a dead letter: {failure.Value.Error} Fix the target, then run Send-ErpDeadLetter.")
                {
                    Source = target.Describe(),
                    Key = failure.Key.DisplayKey,
                    Kind = ErrorKind.WriteError,
                });
            }

            state.SaveCursor(target.Name, lastSequence, transaction);
        }

        private WriteOperation? ToOperation(OutboxEntry entry, out string? error)
        {
            error = null;
            RecordKey? key = null;
            ErpRecord? record = null;
            if (entry.Fields != null)
            {
                var fields = entry.DecodedFields ?? OutboxFields.Deserialize(entry.Fields, options.Source.Schema);
                var item = target.Builder.BuildFromFields(fields, null);
                if (item.Record == null)
                {
                    error = item.Error!.Message;
                    return null;
                }

                record = item.Record;
                key = record.Key;
            }

            if (entry.Operation == OutboxOperation.Delete)
            {
                return WriteOperation.Delete(key ?? RecordKey.FromNormalized(entry.RecordKey));
            }

            if (record == null)
            {
                error = $"The outbox entry {entry.Sequence} of key '{entry.DisplayKey}' holds no fields to write.";
                return null;
            }

            return WriteOperation.Upsert(record);
        }

        /// <summary>Writes operations in one target transaction; a failure of the whole write fails each of them.</summary>
        private IReadOnlyList<WriteOutcome> Write(IReadOnlyList<WriteOperation> operations)
        {
            try
            {
                return writer.Write(operations);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                var message = $"Writing to the {target.Describe()} failed: {ex.Message}";
                verbose(message);
                return operations
                    .Select(o => WriteOutcome.Failed(o, new RecordError(ErrorIds.WriteFailed, message) { Exception = ex, Kind = ErrorKind.WriteError }))
                    .ToList();
            }
        }
    }
}
