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
    /// Finds the source's changes and appends them to the outbox. Each outbox append commits together
    /// with the hashes it records, so a crash between chunks repeats no change. The watermark is
    /// stored last, after every append has committed.
    /// </summary>
    internal sealed class ChangeDetector
    {
        private const int AppendChunk = 500;

        private readonly BroadcastOptions options;
        private readonly BroadcastState state;
        private readonly Action<string> verbose;
        private readonly Action<RecordError> recordFailed;
        private readonly List<OutboxEntry> pending = new List<OutboxEntry>();

        public ChangeDetector(BroadcastOptions options, BroadcastState state, Action<string> verbose, Action<RecordError> recordFailed)
        {
            this.options = options;
            this.state = state;
            this.verbose = verbose;
            this.recordFailed = recordFailed;
        }

        public int Appended { get; private set; }

        public int DeletesReported { get; private set; }

        /// <summary>Called after each commit of appended entries with the number appended so far, from the detecting thread.</summary>
        public Action<long>? Committed { get; set; }

        public void Detect(CancellationToken cancellationToken)
        {
            var source = options.Source;
            var mode = options.EffectiveChangeDetection;
            var sent = state.LoadSentHashes();
            DateTimeOffset? since = null;
            var watermark = mode == ChangeDetection.Watermark ? state.LoadWatermark(source.Name) : null;
            if (watermark != null)
            {
                since = watermark.Value - options.Overlap;
            }

            verbose(since == null
                ? $"Reading every record of the {source.Describe()} ({mode} detection)."
                : $"Reading records of the {source.Describe()} modified since {since.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC (watermark minus {options.Overlap.TotalSeconds:0.###} s).");

            var seen = mode == ChangeDetection.Snapshot ? new HashSet<string>(StringComparer.Ordinal) : null;
            DateTimeOffset? newest = watermark;
            var read = 0;
            var readErrors = 0;
            // The read runs on another core, with each record's content hash, its comparison with the
            // sent hash and the JSON of a changed record, while this thread appends the changes.
            var changes = ReadAhead.Of(
                source.Read(since, cancellationToken).Select(item => new SourceChange(item)),
                change => change.Compare(sent),
                cancellationToken,
                ReadAhead.DefaultChunkSize,
                ReadAhead.DefaultDepth);
            foreach (var change in changes)
            {
                var item = change.Item;
                if (item.Record == null)
                {
                    readErrors++;
                    recordFailed(item.Error!);
                    continue;
                }

                var record = item.Record;
                read++;
                seen?.Add(record.Key.Normalized);
                if (record.ModifiedAt != null && (newest == null || record.ModifiedAt.Value.UtcDateTime > newest.Value.UtcDateTime))
                {
                    newest = record.ModifiedAt.Value.ToUniversalTime();
                }

                if (change.Fields == null)
                {
                    continue;
                }

                Queue(new OutboxEntry
                {
                    RecordKey = record.Key.Normalized,
                    DisplayKey = record.Key.ToString(),
                    Operation = OutboxOperation.Upsert,
                    Hash = record.ContentHash,
                    Fields = change.Fields,
                });
            }

            if (seen != null)
            {
                QueueDeletes(sent, seen, readErrors);
            }

            Flush(mode == ChangeDetection.Watermark ? newest : null);
            verbose($"Read {read} record(s), {readErrors} unreadable; appended {Appended} change(s) to the outbox.");
        }

        private void QueueDeletes(Dictionary<string, string> sent, HashSet<string> seen, int readErrors)
        {
            if (readErrors > 0)
            {
                // A row that failed to read would look deleted, so no deletes are trusted from this read.
                verbose($"Skipped delete detection because {readErrors} row(s) of the source could not be read.");
                return;
            }

            foreach (var key in sent.Keys)
            {
                if (seen.Contains(key))
                {
                    continue;
                }

                var last = state.FindLatest(key);
                var display = last?.DisplayKey ?? key;
                if (!options.PropagateDeletes)
                {
                    DeletesReported++;
                    verbose($"The key '{display}' is no longer in the source; it is not deleted from the targets because -PropagateDeletes was not given.");
                }

                Queue(new OutboxEntry
                {
                    RecordKey = key,
                    DisplayKey = display,
                    Operation = OutboxOperation.Delete,
                    Fields = last?.Fields,
                });
            }
        }

        private void Queue(OutboxEntry entry)
        {
            pending.Add(entry);
            if (pending.Count >= AppendChunk)
            {
                Flush(null);
            }
        }

        /// <summary>Commits the queued entries with their hashes, and the watermark when one is given.</summary>
        private void Flush(DateTimeOffset? watermark)
        {
            state.Write(transaction => Append(watermark, transaction));
            pending.Clear();
            Committed?.Invoke(Appended);
        }

        /// <summary>
        /// A read item with the JSON of its fields when its content hash differs from the hash last
        /// sent. <see cref="Compare"/> runs on the read-ahead thread and only reads the sent hashes,
        /// which no thread changes during the read. The read rejects a second record with the same
        /// key, so each key is compared once.
        /// </summary>
        private sealed class SourceChange
        {
            public SourceChange(ReadItem item)
            {
                Item = item;
            }

            public ReadItem Item { get; }

            /// <summary>The fields as outbox JSON, or null for an unreadable row or an unchanged record.</summary>
            public string? Fields { get; private set; }

            public void Compare(Dictionary<string, string> sent)
            {
                var record = Item.Record;
                if (record == null)
                {
                    return;
                }

                var hash = record.ContentHash;
                if (sent.TryGetValue(record.Key.Normalized, out var sentHash) && sentHash == hash)
                {
                    return;
                }

                Fields = OutboxFields.Serialize(record.Fields);
            }
        }

        private void Append(DateTimeOffset? watermark, DbTransaction transaction)
        {
            using var outbox = new OutboxWriter(state.Store, transaction, state.JobName);
            foreach (var entry in pending)
            {
                if (entry.Operation == OutboxOperation.Delete)
                {
                    outbox.RemoveSentHash(entry.RecordKey);
                    if (!options.PropagateDeletes)
                    {
                        continue;
                    }
                }
                else
                {
                    outbox.SaveSentHash(entry.RecordKey, entry.Hash!);
                }

                outbox.Append(entry);
                Appended++;
            }

            if (watermark != null)
            {
                state.SaveWatermark(options.Source.Name, watermark.Value, transaction);
            }
        }
    }
}
