using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>
    /// Copies records into a target endpoint in batches. The target's keys are read once before the
    /// first write. Each source record is then unchanged (same values in the fields both sides
    /// carry), an update of the target's record, or a create. Each batch is one target transaction,
    /// written on a second thread while the next batch is planned, and the checkpoint is stored
    /// after it commits. Because the target is read again on every run,
    /// a run killed at any point and started again creates no duplicate and misses no record.
    /// Call <see cref="Begin"/>, then <see cref="Add"/> per source item, then <see cref="Complete"/>,
    /// or <see cref="Run"/> for all three.
    /// </summary>
    public sealed class MigrationEngine : IDisposable
    {
        private const string PatternName = "Migration";

        /// <summary>
        /// Items per hand-over of a read ahead, and hand-overs in flight. Items in flight outlive the
        /// garbage collector's youngest generation and get promoted. With ReadAhead's defaults of
        /// 8 × 512 items, 300,000 products made 75 gen-1 and 17 gen-2 collections instead of 16 and 4,
        /// and a peak working set 27 MB higher (ErpSync.Bench profile-migrate, 2 cores). With 2 × 128
        /// items the counts and peak were those of a read without read-ahead.
        /// </summary>
        internal const int ReadAheadChunkSize = 128;

        internal const int ReadAheadDepth = 2;

        private readonly Endpoint target;
        private readonly MigrationOptions options;
        private readonly StateStore? store;
        private readonly ErpMigrationResult result;
        private readonly Stopwatch clock = new Stopwatch();
        private readonly List<WriteOperation> pending = new List<WriteOperation>();

        // Rejects found while planning wait for the outcomes of the writes before them, so that the
        // rejects file and the error stream list every reject in source order.
        private readonly List<(RecordError Error, ErpRecord? Record)> heldRejects = new List<(RecordError, ErpRecord?)>();

        private CancellationToken cancellationToken;
        private RunRecord? run;
        private JobLock? jobLock;
        private IRecordWriter? writer;
        private WriteBehind? writeBehind;
        private RejectsFile? rejects;
        private TargetIndex? index;
        private Endpoint? sourceEndpoint;
        private long? sourceCount;
        private long batches;
        private bool finished;

        public MigrationEngine(Endpoint target, MigrationOptions options, StateStore? store)
        {
            if (store == null && !options.WhatIf)
            {
                throw new ArgumentNullException(nameof(store), "A migration that writes needs a state store for its run log, lock and checkpoints.");
            }

            if (options.BatchSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "The batch size must be at least 1.");
            }

            this.target = target;
            this.options = options;
            this.store = store;
            result = new ErpMigrationResult
            {
                JobName = options.JobName,
                Mode = options.Mode,
                Target = target.Describe(),
                WhatIf = options.WhatIf,
            };
        }

        /// <summary>The story of the run: what was read, planned and written, and how long it took.</summary>
        public event Action<string>? Verbose;

        /// <summary>A source item that could not be read or written; it is in the rejects file and the run goes on.</summary>
        public event Action<RecordError>? Rejected;

        /// <summary>A record created or updated, with the fields that changed; raised only when <see cref="MigrationOptions.ReportChanges"/> is set.</summary>
        public event Action<ErpMigrationChange>? Changed;

        public event Action<MigrationProgress>? Progress;

        public ErpMigrationResult Result => result;

        /// <summary>
        /// Runs the whole migration over a source endpoint's records; a cancelled token stops it after the
        /// current batch. The source is read on a second thread, ahead of the planning and writing.
        /// </summary>
        public ErpMigrationResult Run(Endpoint source, long? count, CancellationToken token)
        {
            // The target index finds the source's duplicate keys and reports them as the read's own
            // check would, so the read keeps no second set of every key.
            sourceEndpoint = source;
            var items = source.Read(null, checkDuplicates: false, token);

            // An endpoint's record builder keeps state per read, so one endpoint is never read on two
            // threads at once. The records are hashed on this thread, which has less to do than the read
            // when nothing changed, and only when compared with a target record.
            var readAhead = !ReferenceEquals(source, target);
            return Run(readAhead ? ReadAhead.Of(items, null, token, ReadAheadChunkSize, ReadAheadDepth) : items, source.Describe(), count, token);
        }

        /// <summary>Runs the whole migration over a source; a cancelled token stops it after the current batch.</summary>
        public ErpMigrationResult Run(IEnumerable<ReadItem> source, string sourceDescription, long? count, CancellationToken token)
        {
            Begin(sourceDescription, count, token);
            try
            {
                foreach (var item in source)
                {
                    if (token.IsCancellationRequested)
                    {
                        return Stop();
                    }

                    Add(item);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return Stop();
            }
            catch (Exception ex)
            {
                Fail(ex);
                throw;
            }

            return Complete();
        }

        /// <summary>Starts the run: records it, takes the job's lock, opens the rejects file and the target writer.</summary>
        public void Begin(string sourceDescription, long? count, CancellationToken token)
        {
            clock.Start();
            cancellationToken = token;
            sourceCount = count;
            result.Source = sourceDescription;
            try
            {
                if (!options.WhatIf)
                {
                    StartRun();
                }

                if (options.RejectPath != null && !options.WhatIf)
                {
                    rejects = new RejectsFile(options.RejectPath);
                    result.RejectPath = rejects.Path;
                }

                Say($"Migrating from {sourceDescription} to {target.Describe()} in {options.Mode} mode, {options.BatchSize} records per batch, job '{options.JobName}'" +
                    (options.WhatIf ? "; -WhatIf: nothing is written and no run is recorded." : $", run {run!.RunId}.") +
                    (count != null ? $" The source holds {count} records." : string.Empty));

                if (!options.WhatIf)
                {
                    // The writer opens before the target's keys are read. An SQLite target that a killed run
                    // left with a hot journal can only be rolled back by a connection that may write.
                    writer = target.OpenWriter();
                    if (options.Mode == MigrationMode.Replace)
                    {
                        writer.Truncate(token);
                        Say($"Emptied the {target.Describe()} (Replace mode).");
                    }

                    writeBehind = new WriteBehind(writer);
                }
            }
            catch (Exception ex)
            {
                Fail(ex);
                throw;
            }
        }

        /// <summary>Plans one source item and writes the batch it fills.</summary>
        public void Add(ReadItem item)
        {
            result.Read++;
            if (item.Record == null)
            {
                RejectPlanned(item.Error!, null);
            }
            else
            {
                Plan(item.Record);
            }

            if (pending.Count >= options.BatchSize)
            {
                StartBatch();
            }

            if (result.Read % options.BatchSize == 0)
            {
                ReportProgress();
            }
        }

        /// <summary>Writes the last batch, completes the target and records the run's end.</summary>
        public ErpMigrationResult Complete()
        {
            try
            {
                WriteRemaining();
                writer?.Complete();
                if (store != null && !options.WhatIf)
                {
                    new Checkpoints(store).Clear(options.JobName);
                }

                return Finish(result.Rejected > 0 ? RunStatus.CompletedWithErrors : RunStatus.Succeeded);
            }
            catch (Exception ex)
            {
                Fail(ex);
                throw;
            }
        }

        /// <summary>Writes the batch in progress, stores the checkpoint and ends the run as Stopped.</summary>
        public ErpMigrationResult Stop()
        {
            try
            {
                WriteRemaining();

                // A file target writes only on completion, so the batches written so far are kept this way.
                writer?.Complete();
                if (store != null && !options.WhatIf)
                {
                    new Checkpoints(store).Save(options.JobName, run!.RunId, batches, result.Read);
                }

                Say($"Stopped after {result.Read} source records and {Batches(batches)}; the checkpoint is stored. Run the migration again to finish it.");
                return Finish(RunStatus.Stopped);
            }
            catch (Exception ex)
            {
                Fail(ex);
                throw;
            }
        }

        /// <summary>Ends the run as Failed, keeping the error in the run log; what was committed stays.</summary>
        public void Fail(Exception exception)
        {
            if (finished)
            {
                return;
            }

            // A batch still in flight commits all the same, so its outcomes and the rejects held for it
            // belong in the run's counts and rejects file. The rejects held for the unwritten batch do too.
            try
            {
                FinishBatchInFlight();
                ReportHeldRejects();
            }
            catch (Exception)
            {
                // The error that ends the run is the one reported.
            }

            if (run != null)
            {
                RunLog.NoteError(run, exception.Message);
            }

            Finish(RunStatus.Failed);
        }

        public void Dispose()
        {
            if (!finished)
            {
                Fail(new ErpSyncException(ErrorIds.MigrationFailed, "The migration ended before it completed."));
            }

            writeBehind?.Dispose();
            writer?.Dispose();
            rejects?.Dispose();
            jobLock?.Dispose();
        }

        private void StartRun()
        {
            var log = new RunLog(store!);
            run = log.Start(options.JobName, PatternName);
            result.RunId = run.RunId;
            try
            {
                jobLock = JobLock.Acquire(store!, options.JobName, run.RunId, options.LockLease, Say);
            }
            catch (ErpSyncException ex)
            {
                RunLog.NoteError(run, ex.Message);
                finished = true;
                log.Finish(run, RunStatus.Failed);
                result.Status = RunStatus.Failed;
                throw;
            }

            foreach (var abandoned in log.MarkAbandoned(options.JobName, run.RunId))
            {
                Say($"The run {abandoned} of job '{options.JobName}' was still marked Running although no process held its lock; it is now marked Failed.");
            }

            var checkpoint = new Checkpoints(store!).Get(options.JobName);
            if (checkpoint != null)
            {
                var (previousRun, batch, position) = checkpoint.Value;
                Say($"The previous run {previousRun} of job '{options.JobName}' did not finish: its checkpoint is batch {batch}, after {position} source records. " +
                    "The target's keys are read again, so the records that run wrote count as unchanged and nothing is written twice.");
            }
        }

        private void Plan(ErpRecord record)
        {
            index ??= ReadTargetIndex(record);
            var found = index.TryFind(record.Key, out var position);
            if (found && index.IsSeen(position))
            {
                var error = sourceEndpoint != null
                    ? sourceEndpoint.DuplicateKeyError(record, index.SeenAt(position))
                    : RecordError(ErrorIds.KeyDuplicate, record, $"The key '{record.Key}' came from the source more than once. Each key may appear once; the second record was skipped.");
                RejectPlanned(error, record);
                return;
            }

            if (!found)
            {
                index.AddCreated(record.Key, record.Position);
                Planned(WriteOperation.Insert(record), options.ReportChanges ? record.Fields.Names.ToList() : (IReadOnlyList<string>)Array.Empty<string>());
                return;
            }

            index.MarkSeen(position, record.Position);
            if (index.IsUnchanged(position, record))
            {
                result.Unchanged++;
                return;
            }

            if (options.Mode == MigrationMode.Insert)
            {
                RejectPlanned(RecordError(ErrorIds.KeyExists, record, $"The key '{record.Key}' already exists in the {target.Describe()} with other values, and Insert mode adds new records only. Use -Mode Upsert to update it."), record);
                return;
            }

            var update = WriteOperation.Update(record);
            update.ExistingKey = index.ExistingKey(position);
            Planned(update, options.ReportChanges ? index.DifferingFields(position, record) : Array.Empty<string>());
        }

        private TargetIndex ReadTargetIndex(ErpRecord firstRecord)
        {
            if (options.Mode == MigrationMode.Replace)
            {
                return TargetIndex.Empty(options.ReportChanges);
            }

            var started = clock.Elapsed;
            // The target is read on a second thread unless it is also the source, whose read is under way.
            var readAhead = !ReferenceEquals(target, sourceEndpoint);
            var targetIndex = TargetIndex.Read(target, firstRecord.Fields.Names, options.ReportChanges, readAhead, cancellationToken);
            var compared = string.Join(", ", firstRecord.Fields.Names);
            Say($"Read {targetIndex.Count} keys from the {target.Describe()} in {Seconds(clock.Elapsed - started)}" +
                (targetIndex.Skipped > 0 ? $"; {targetIndex.Skipped} target rows without a usable key were skipped" : string.Empty) +
                $". Records are compared on the fields both sides carry of: {compared}.");
            return targetIndex;
        }

        private void Planned(WriteOperation operation, IReadOnlyList<string> changedFields)
        {
            var action = operation.Kind == WriteKind.Insert ? "Created" : "Updated";
            if (options.WhatIf)
            {
                Count(action, operation.Record!, changedFields);
                return;
            }

            operation.Tag = changedFields;
            pending.Add(operation);
        }

        /// <summary>Waits for the batch in flight, then starts writing the pending records as the next batch.</summary>
        private void StartBatch()
        {
            if (writeBehind == null)
            {
                return;
            }

            FinishBatchInFlight();
            if (pending.Count == 0)
            {
                // Rejects with no write before them have nothing to wait for.
                ReportHeldRejects();
                return;
            }

            batches++;
            writeBehind.Start(pending.ToArray(), new BatchMark(batches, result.Read, heldRejects.ToArray()));
            pending.Clear();
            heldRejects.Clear();
        }

        /// <summary>Writes the pending records and waits until every batch is committed.</summary>
        private void WriteRemaining()
        {
            StartBatch();
            FinishBatchInFlight();
        }

        /// <summary>
        /// Waits for the batch in flight, counts its outcomes, stores its checkpoint, and reports its
        /// write failures together with the rejects held while it was planned, in source order.
        /// </summary>
        private void FinishBatchInFlight()
        {
            if (writeBehind == null || !writeBehind.Busy)
            {
                return;
            }

            BatchMark? mark = null;
            var nextHeld = 0;
            try
            {
                var (outcomes, state) = writeBehind.Take();
                mark = (BatchMark)state!;
                foreach (var outcome in outcomes)
                {
                    var record = outcome.Operation.Record!;
                    nextHeld = ReportHeld(mark.Rejects, nextHeld, record.Position);
                    switch (outcome.Result)
                    {
                        case WriteResultKind.Created:
                            Count("Created", record, (IReadOnlyList<string>)outcome.Operation.Tag!);
                            break;
                        case WriteResultKind.Updated:
                            Count("Updated", record, (IReadOnlyList<string>)outcome.Operation.Tag!);
                            break;
                        default:
                            var error = outcome.Error ?? RecordError(ErrorIds.WriteFailed, record, $"The {target.Describe()} did not write the key '{record.Key}' ({outcome.Result}).");
                            Report(error, record);
                            break;
                    }
                }

                if (target.Can(EndpointCapabilities.Transactions))
                {
                    new Checkpoints(store!).Save(options.JobName, run!.RunId, mark.Batch, mark.Position);
                }

                ReportProgress();
            }
            finally
            {
                // A batch that failed as a whole has no outcomes, but its rejects stand.
                if (mark != null)
                {
                    ReportHeld(mark.Rejects, nextHeld, null);
                }
            }
        }

        /// <summary>
        /// Reports the held rejects from <paramref name="next"/> on that come before a source position,
        /// or all of them for a null position, and returns the index of the first one not reported.
        /// </summary>
        private int ReportHeld((RecordError Error, ErpRecord? Record)[] held, int next, long? before)
        {
            while (next < held.Length && (before == null || (PositionOf(held[next]) ?? long.MinValue) < before.Value))
            {
                Report(held[next].Error, held[next].Record);
                next++;
            }

            return next;
        }

        private void ReportHeldRejects()
        {
            var waiting = heldRejects.ToArray();
            heldRejects.Clear();
            ReportHeld(waiting, 0, null);
        }

        private static long? PositionOf((RecordError Error, ErpRecord? Record) reject) => reject.Error.Position ?? reject.Record?.Position;

        private void Count(string action, ErpRecord record, IReadOnlyList<string> changedFields)
        {
            if (action == "Created")
            {
                result.Created++;
            }
            else
            {
                result.Updated++;
            }

            if (options.ReportChanges)
            {
                Changed?.Invoke(new ErpMigrationChange(action, record.Key.ToString(), changedFields, record.Position));
            }
        }

        /// <summary>
        /// Reports a reject found while planning, or keeps it until the writes of the records before it
        /// have their outcomes. At most a batch's worth of rejects wait, because reaching that many
        /// starts the batch.
        /// </summary>
        private void RejectPlanned(RecordError error, ErpRecord? record)
        {
            if (writeBehind == null || (pending.Count == 0 && !writeBehind.Busy))
            {
                Report(error, record);
                return;
            }

            heldRejects.Add((error, record));
            if (heldRejects.Count >= options.BatchSize)
            {
                StartBatch();
            }
        }

        private void Report(RecordError error, ErpRecord? record)
        {
            result.Rejected++;
            if (error.Position == null && record != null)
            {
                error.Position = record.Position;
            }

            error.Key ??= record?.Key.ToString();
            error.Target ??= record;
            rejects?.Append(error);
            if (run != null)
            {
                RunLog.NoteError(run, error.Describe());
            }

            Rejected?.Invoke(error);
        }

        private RecordError RecordError(string errorId, ErpRecord record, string message) =>
            new RecordError(errorId, message)
            {
                Source = result.Source,
                Position = record.Position,
                Key = record.Key.ToString(),
                Target = record,
                Kind = ErrorKind.WriteError,
            };

        private void ReportProgress() => Progress?.Invoke(new MigrationProgress(result.Read, result.Created + result.Updated, sourceCount));

        private ErpMigrationResult Finish(string status)
        {
            clock.Stop();
            result.Duration = clock.Elapsed;
            result.Status = options.WhatIf && status != RunStatus.Failed ? "WhatIf" : status;
            if (finished)
            {
                return result;
            }

            finished = true;
            if (run != null)
            {
                run.Counts["Read"] = result.Read;
                run.Counts["Created"] = result.Created;
                run.Counts["Updated"] = result.Updated;
                run.Counts["Unchanged"] = result.Unchanged;
                run.Counts["Rejected"] = result.Rejected;
                new RunLog(store!).Finish(run, status);
            }

            var verb = options.WhatIf ? "would write" : "wrote";
            Say($"Read {result.Read} source records: {result.Unchanged} unchanged, {result.Rejected} rejected; {verb} {result.Created} created and {result.Updated} updated" +
                (options.WhatIf ? string.Empty : $" in {Batches(batches)}") + $". {result.Status} in {Seconds(result.Duration)}.");
            jobLock?.Dispose();
            jobLock = null;
            return result;
        }

        private void Say(string message) => Verbose?.Invoke(message);

        private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

        private static string Batches(long count) => count == 1 ? "1 batch" : $"{count} batches";

        /// <summary>
        /// A batch's number and the source records read when it was started, stored as its checkpoint
        /// once it commits, and the rejects found while it was planned.
        /// </summary>
        private sealed class BatchMark
        {
            public BatchMark(long batch, long position, (RecordError Error, ErpRecord? Record)[] rejects)
            {
                Batch = batch;
                Position = position;
                Rejects = rejects;
            }

            public long Batch { get; }

            public long Position { get; }

            public (RecordError Error, ErpRecord? Record)[] Rejects { get; }
        }
    }
}
