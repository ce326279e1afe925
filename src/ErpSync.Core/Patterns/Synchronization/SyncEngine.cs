using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// Runs one bi-directional sync or correlation between two endpoints: reads both sides into key
    /// and hash indexes, plans each key against the baseline, then writes the right side and the
    /// left side in batches. The baseline of a key is committed only after its writes committed.
    /// </summary>
    public sealed class SyncEngine
    {
        /// <summary>A test hook: when set to 1, the process kills itself after a target commit and before the baseline commit.</summary>
        public const string KillAfterWriteVariable = "ERPSYNC_TEST_KILL_AFTER_WRITE";

        // Baselines that need no write commit in transactions of this many keys while the plan is
        // prepared, so a first run of a large job neither keeps them all nor holds the write lock throughout.
        private const int PlanStateChunk = 10000;

        // Planned keys whose records are read by key in one go, where a side is read by key.
        private const int FetchChunk = 2000;

        private readonly Endpoint left;
        private readonly Endpoint right;
        private readonly SyncOptions options;
        private readonly StateStore store;
        private readonly ErpSyncResult result = new ErpSyncResult();
        /// <summary>Baseline writes complete at planning time (adopted, forgotten, settled without a write), committed in chunks.</summary>
        private readonly List<BaselineRow> readyAtPlan = new List<BaselineRow>();
        private readonly List<QueuedWrite> leftWrites = new List<QueuedWrite>();
        private readonly List<QueuedWrite> rightWrites = new List<QueuedWrite>();
        private readonly List<ErpConflict> newConflicts = new List<ErpConflict>();
        private string jobName = string.Empty;
        private IReadOnlyList<string> comparedFields = Array.Empty<string>();
        private BaselineStore baselines = null!;

        // The field layouts of the last records queued for an insert and for an update. Written records
        // share them, so that each queued write keeps only its values and not its own name lookup.
        private object? insertLayout;
        private object? updateLayout;

        public SyncEngine(Endpoint left, Endpoint right, StateStore store, SyncOptions options)
        {
            this.left = left;
            this.right = right;
            this.store = store;
            this.options = options;
        }

        /// <summary>Returns the job name used when none is given, such as "sync:erp&lt;-&gt;shop".</summary>
        public static string DefaultJobName(SyncMode mode, string leftName, string rightName) =>
            (mode == SyncMode.Bidirectional ? "sync:" : "correlate:") + leftName + "<->" + rightName;

        public ErpSyncResult Run(CancellationToken cancellationToken = default)
        {
            Validate();
            jobName = options.JobName ?? DefaultJobName(options.Mode, left.Name, right.Name);
            result.JobName = jobName;
            result.Mode = options.Mode;
            result.WhatIf = options.WhatIf;
            var clock = Stopwatch.StartNew();
            var runLog = new RunLog(store);
            var run = options.WhatIf ? null : runLog.Start(jobName, options.Mode.ToString());
            var runId = run?.RunId ?? "whatif-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            result.RunId = runId;
            try
            {
                using (JobLock.Acquire(store, jobName, runId, log: options.Log))
                {
                    Execute(cancellationToken);
                }
            }
            catch (Exception ex) when (run != null)
            {
                RunLog.NoteError(run, ex.Message);
                FillCounts(run);
                runLog.Finish(run, ex is OperationCanceledException ? RunStatus.Stopped : RunStatus.Failed);
                throw;
            }

            result.Duration = clock.Elapsed;
            if (run != null)
            {
                FillCounts(run);
                runLog.Finish(run, result.Rejected > 0 ? RunStatus.CompletedWithErrors : RunStatus.Succeeded);
            }

            Log($"The run {runId} of job '{jobName}' finished in {result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.");
            return result;
        }

        private void Validate()
        {
            if (string.Equals(left.Name, right.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw new ErpSyncException(
                    ErrorIds.SyncEndpointsInvalid,
                    $"Both endpoints are named '{left.Name}'. The state store tells the sides apart by name, so give them different names with New-ErpEndpoint -Name.",
                    kind: ErrorKind.InvalidArgument);
            }

            if (options.MaxDeletePercent < 0 || options.MaxDeletePercent > 100)
            {
                throw new ErpSyncException(
                    ErrorIds.SyncEndpointsInvalid,
                    $"-MaxDeletePercent is {options.MaxDeletePercent.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 100.",
                    kind: ErrorKind.InvalidArgument);
            }
        }

        private void Execute(CancellationToken cancellationToken)
        {
            baselines = new BaselineStore(store, jobName);
            var idMap = new IdMapStore(store, jobName);
            var leftReader = new SideReader(left, idMap.LoadByNativeId(left.Name), right.Schema.KeyFields);
            var rightReader = new SideReader(right, idMap.LoadByNativeId(right.Name), left.Schema.KeyFields);

            comparedFields = ComparedFields(leftReader.PeekFields(cancellationToken), rightReader.PeekFields(cancellationToken));
            Log($"Comparing the fields {string.Join(", ", comparedFields)}.");

            PrepareWrites(leftReader, rightReader, cancellationToken);
            if (!options.WhatIf)
            {
                CommitPlanState();
            }

            WriteSide(SyncSide.Right, rightWrites, cancellationToken);
            WriteSide(SyncSide.Left, leftWrites, cancellationToken);
        }

        /// <summary>
        /// Indexes both sides and the baseline, plans every key, and queues the writes. The index lives
        /// only while this runs; a queued write keeps the plan of its own key.
        /// </summary>
        private void PrepareWrites(SideReader leftReader, SideReader rightReader, CancellationToken cancellationToken)
        {
            // Each side usually has about as many keys as the baseline, so the index is sized for them.
            var index = new SyncIndex(baselines.Count());
            Progress("Reading the left side", null);
            new PairedIndexRead(index, leftReader, rightReader, Reject).Run(comparedFields, () => Progress("Reading the right side", null), cancellationToken);
            var leftCount = leftReader.Keys;
            var rightCount = rightReader.Keys;
            var knownCount = baselines.LoadInto(index);
            var conflicts = new ConflictStore(store).Pending(jobName);
            Log($"Read {leftCount} records from {left.Describe()} and {rightCount} from {right.Describe()}; the baseline holds {knownCount} keys.");

            var planned = SyncPlanner.Plan(options.Mode, options.PropagateDeletes, index, conflicts, out var unchanged);
            result.Unchanged = unchanged;
            planned = SkipUnreadable(index, planned, conflicts, leftReader.Unreadable, rightReader.Unreadable);
            CheckDeleteShare(index, planned, knownCount);
            Log("Planned: " + DescribeSteps(index, planned) + $", Unchanged {unchanged}.");

            Progress("Loading the records to write", null);
            using var leftRecords = new SideRecords(leftReader, index, SyncSide.Left, planned, Needs, cancellationToken);
            using var rightRecords = new SideRecords(rightReader, index, SyncSide.Right, planned, Needs, cancellationToken);
            var chunk = new List<int>(FetchChunk);
            for (var start = 0; start < planned.Count; start += FetchChunk)
            {
                chunk.Clear();
                chunk.AddRange(planned.GetRange(start, Math.Min(FetchChunk, planned.Count - start)));
                leftRecords.Fetch(chunk);
                rightRecords.Fetch(chunk);
                foreach (var position in chunk)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var plan = index.PlanAt(position, conflicts);
                    Prepare(plan, leftRecords.Take(position, plan.Key), rightRecords.Take(position, plan.Key));
                    if (readyAtPlan.Count >= PlanStateChunk && !options.WhatIf)
                    {
                        CommitReadyAtPlan();
                    }
                }
            }
        }

        private IReadOnlyList<string> ComparedFields(IReadOnlyList<string>? leftFields, IReadOnlyList<string>? rightFields)
        {
            var keyFields = new HashSet<string>(left.Schema.KeyFields.Concat(right.Schema.KeyFields), StringComparer.OrdinalIgnoreCase);
            IEnumerable<string> fields;
            if (leftFields != null && rightFields != null)
            {
                var rightSet = new HashSet<string>(rightFields, StringComparer.OrdinalIgnoreCase);
                fields = leftFields.Where(rightSet.Contains);
            }
            else
            {
                // With one side empty, the fields of the other are what a create writes and what the next run compares.
                fields = leftFields ?? rightFields ?? Array.Empty<string>();
            }

            // Each side's modification time changes with every write on that side, and Newest reads it
            // from the record anyway, so comparing it would turn every equal record into a conflict.
            var modifiedFields = new HashSet<string>(
                new[] { left.Options.ModifiedField, right.Options.ModifiedField }.Where(f => f != null).Select(f => f!),
                StringComparer.OrdinalIgnoreCase);
            return fields.Where(f => !keyFields.Contains(f) && !modifiedFields.Contains(f) && !options.ExcludedFields.Contains(f)).ToList();
        }

        private List<int> SkipUnreadable(SyncIndex index, List<int> planned, IReadOnlyDictionary<string, ErpConflict> conflicts, ISet<string> leftUnreadable, ISet<string> rightUnreadable)
        {
            if (leftUnreadable.Count == 0 && rightUnreadable.Count == 0)
            {
                return planned;
            }

            var kept = new List<int>(planned.Count);
            foreach (var position in planned)
            {
                var key = index.KeyAt(position);
                if (leftUnreadable.Contains(key) || rightUnreadable.Contains(key))
                {
                    var plan = index.PlanAt(position, conflicts);
                    index[position].Step = PlanStep.Unchanged;
                    result.Rejected++;
                    Report(new ErpSyncChange(SyncAction.Rejected, SyncSide.None, plan.DisplayKey)
                    {
                        Message = "A row of this key failed to read, so the run left the key alone on both sides.",
                    });
                    continue;
                }

                kept.Add(position);
            }

            return kept;
        }

        private void CheckDeleteShare(SyncIndex index, List<int> planned, int baselineCount)
        {
            if (!options.PropagateDeletes || baselineCount == 0)
            {
                return;
            }

            var leftDeletes = planned.Count(p => index[p].Step == PlanStep.DeleteLeft);
            var rightDeletes = planned.Count(p => index[p].Step == PlanStep.DeleteRight);
            var deletes = leftDeletes + rightDeletes;
            var percent = deletes * 100.0 / baselineCount;
            if (percent <= options.MaxDeletePercent)
            {
                return;
            }

            throw new ErpSyncException(
                ErrorIds.MaxDeletePercentExceeded,
                $"The run would delete {deletes} of the {baselineCount} records in the baseline of job '{jobName}' ({percent.ToString("0.#", CultureInfo.InvariantCulture)}%), " +
                $"more than -MaxDeletePercent {options.MaxDeletePercent.ToString(CultureInfo.InvariantCulture)} allows: {rightDeletes} are missing from {left.Describe()} and {leftDeletes} from {right.Describe()}. " +
                "A read that came back short (an empty or wrong file, a filter) looks like mass deletion, so nothing was written. Check both endpoints, or raise -MaxDeletePercent if the deletes are intended.",
                kind: ErrorKind.LimitsExceeded);
        }

        /// <summary>Lists the planned steps with their counts, in the order each step first occurs.</summary>
        private static string DescribeSteps(SyncIndex index, List<int> planned)
        {
            var counts = new Dictionary<PlanStep, int>();
            var order = new List<PlanStep>();
            foreach (var position in planned)
            {
                var step = index[position].Step;
                if (!counts.TryGetValue(step, out var count))
                {
                    order.Add(step);
                }

                counts[step] = count + 1;
            }

            return string.Join(", ", order.Select(step => $"{step} {counts[step]}"));
        }

        /// <summary>True when a key planned with this step needs the record of the given side.</summary>
        private static bool Needs(PlanStep step, SyncSide side) => step switch
        {
            PlanStep.UpdateLeft or PlanStep.UpdateRight or PlanStep.Conflict or PlanStep.ApplyResolution => true,
            PlanStep.CreateRight or PlanStep.DeleteLeft or PlanStep.Adopt => side == SyncSide.Left,
            PlanStep.CreateLeft or PlanStep.DeleteRight => side == SyncSide.Right,
            _ => false,
        };

        private void Prepare(KeyPlan plan, ErpRecord? leftRecord, ErpRecord? rightRecord)
        {
            switch (plan.Step)
            {
                case PlanStep.UpdateRight:
                case PlanStep.UpdateLeft:
                case PlanStep.CreateRight:
                case PlanStep.CreateLeft:
                    PrepareCopy(plan, leftRecord, rightRecord);
                    break;
                case PlanStep.DeleteLeft:
                case PlanStep.DeleteRight:
                    PrepareDelete(plan, plan.Step == PlanStep.DeleteLeft ? SyncSide.Left : SyncSide.Right, leftRecord ?? rightRecord);
                    break;
                case PlanStep.Adopt:
                    result.Adopted++;
                    Track(new PendingBaseline(plan, plan.Left!.Hash.ToString(), leftRecord == null ? null : FieldValues.Of(leftRecord, comparedFields), 0));
                    Report(new ErpSyncChange(SyncAction.Adopted, SyncSide.None, plan.DisplayKey) { Message = "Both sides hold equal values; only the baseline was written." });
                    break;
                case PlanStep.Conflict:
                case PlanStep.ApplyResolution:
                    PrepareConflict(plan, leftRecord, rightRecord);
                    break;
                case PlanStep.DeleteIgnored:
                case PlanStep.DeleteSkipped:
                    result.DeletesIgnored++;
                    Report(new ErpSyncChange(plan.Step == PlanStep.DeleteIgnored ? SyncAction.DeleteIgnored : SyncAction.DeleteSkipped, plan.DeletedOn, plan.DisplayKey)
                    {
                        Message = plan.Step == PlanStep.DeleteIgnored
                            ? $"The {Name(plan.DeletedOn)} side deleted the record; deletes are not propagated, so it stays on the other side and is not created again."
                            : $"The {Name(plan.DeletedOn)} side deleted the record but the other side changed it since the last run, so the change was kept.",
                    });
                    break;
                case PlanStep.OnlyLeft:
                    result.OnlyLeft++;
                    Report(new ErpSyncChange(SyncAction.OnlyLeft, SyncSide.Left, plan.DisplayKey));
                    break;
                case PlanStep.OnlyRight:
                    result.OnlyRight++;
                    Report(new ErpSyncChange(SyncAction.OnlyRight, SyncSide.Right, plan.DisplayKey));
                    break;
                case PlanStep.Forget:
                    Track(new PendingBaseline(plan, null, null, 0));
                    break;
            }
        }

        private void PrepareCopy(KeyPlan plan, ErpRecord? leftRecord, ErpRecord? rightRecord)
        {
            var target = plan.Step == PlanStep.UpdateRight || plan.Step == PlanStep.CreateRight ? SyncSide.Right : SyncSide.Left;
            var source = target == SyncSide.Right ? leftRecord : rightRecord;
            var before = target == SyncSide.Right ? rightRecord : leftRecord;
            var sourceEntry = target == SyncSide.Right ? plan.Left! : plan.Right!;
            if (source == null || (plan.Step is PlanStep.UpdateLeft or PlanStep.UpdateRight && before == null))
            {
                RejectVanished(plan);
                return;
            }

            var baseline = new PendingBaseline(plan, sourceEntry.Hash.ToString(), FieldValues.Of(source, comparedFields), 1);
            Track(baseline);
            var values = comparedFields.ToDictionary(f => f, f => source[f], StringComparer.OrdinalIgnoreCase);
            Queue(target, plan, before, source, values, baseline, SyncAction.Updated, null);
        }

        private void PrepareDelete(KeyPlan plan, SyncSide target, ErpRecord? before)
        {
            var entry = target == SyncSide.Left ? plan.Left! : plan.Right!;
            var baseline = new PendingBaseline(plan, null, null, 1);
            Track(baseline);
            var operation = WriteOperation.Delete(entry.OwnKey);
            operation.ExistingKey = entry.OwnKey;
            operation.NativeId = entry.NativeId;
            var change = new ErpSyncChange(SyncAction.Deleted, target, plan.DisplayKey)
            {
                Before = before,
                Message = $"The {Name(Other(target))} side deleted the record and it was unchanged here since the last run.",
            };
            Writes(target).Add(new QueuedWrite(operation, change, baseline));
        }

        private void PrepareConflict(KeyPlan plan, ErpRecord? leftRecord, ErpRecord? rightRecord)
        {
            if (leftRecord == null || rightRecord == null)
            {
                RejectVanished(plan);
                return;
            }

            var baselineFields = plan.Baseline == null ? null : baselines.LoadFields(plan.Key);
            Dictionary<string, object?> settled;
            string reason;
            if (plan.Step == PlanStep.ApplyResolution)
            {
                settled = Resolution(plan.Conflict!, leftRecord, rightRecord);
                reason = $"The conflict {plan.Conflict!.ConflictId} was resolved with {plan.Conflict.Resolution}; this run wrote the choice.";
            }
            else if (options.ConflictPolicy == ConflictPolicy.Manual)
            {
                StoreConflict(plan, leftRecord, rightRecord, baselineFields);
                return;
            }
            else
            {
                result.Conflicts++;
                settled = new ConflictSettler(options, comparedFields).Settle(leftRecord, rightRecord, baselineFields, out reason);
            }

            var settledFields = new RecordFields();
            foreach (var pair in settled)
            {
                settledFields.Set(pair.Key, pair.Value);
            }

            var writeLeft = ErpRecord.DifferingFields(leftRecord, new ErpRecord(leftRecord.Entity, leftRecord.Key, settledFields), comparedFields).Count > 0;
            var writeRight = ErpRecord.DifferingFields(rightRecord, new ErpRecord(rightRecord.Entity, rightRecord.Key, settledFields), comparedFields).Count > 0;
            var baseline = new PendingBaseline(plan, ContentHasher.Hash(settledFields, comparedFields), FieldValues.Of(new ErpRecord(leftRecord.Entity, leftRecord.Key, settledFields), comparedFields), (writeLeft ? 1 : 0) + (writeRight ? 1 : 0));
            Track(baseline);
            var action = plan.Step == PlanStep.ApplyResolution ? SyncAction.Updated : SyncAction.Conflict;
            if (writeRight)
            {
                Queue(SyncSide.Right, plan, rightRecord, leftRecord, settled, baseline, action, reason);
            }

            if (writeLeft)
            {
                Queue(SyncSide.Left, plan, leftRecord, rightRecord, settled, baseline, action, reason);
            }
        }

        private Dictionary<string, object?> Resolution(ErpConflict conflict, ErpRecord leftRecord, ErpRecord rightRecord)
        {
            var chosen = conflict.Resolution == ConflictChoice.Right ? rightRecord : leftRecord;
            var values = comparedFields.ToDictionary(f => f, f => chosen[f], StringComparer.OrdinalIgnoreCase);
            if (conflict.Resolution == ConflictChoice.Merged && conflict.ResolvedFields != null)
            {
                foreach (var field in comparedFields)
                {
                    if (conflict.ResolvedFields.TryGetValue(field, out var text))
                    {
                        values[field] = left.Options.Coercer.Coerce(field, text, left.Builder.TypeOf(field));
                    }
                }
            }

            return values;
        }

        private void StoreConflict(KeyPlan plan, ErpRecord leftRecord, ErpRecord rightRecord, Dictionary<string, string?>? baselineFields)
        {
            result.Conflicts++;
            var conflict = new ErpConflict
            {
                ConflictId = plan.Conflict?.ConflictId ?? Guid.NewGuid().ToString("N").Substring(0, 12),
                JobName = jobName,
                RecordKey = plan.Key,
                Key = plan.DisplayKey,
                Left = FieldValues.Of(leftRecord, comparedFields),
                Right = FieldValues.Of(rightRecord, comparedFields),
                Baseline = baselineFields ?? new Dictionary<string, string?>(),
                DetectedAt = plan.Conflict?.DetectedAt ?? DateTimeOffset.UtcNow,
            };
            newConflicts.Add(conflict);
            Report(new ErpSyncChange(SyncAction.Conflict, SyncSide.None, plan.DisplayKey)
            {
                ChangedFields = ErpRecord.DifferingFields(leftRecord, rightRecord, comparedFields),
                Before = leftRecord,
                After = rightRecord,
                Message = $"Both sides changed the record differently; the conflict {conflict.ConflictId} waits for Resolve-ErpConflict and neither side was written.",
            });
        }

        private void Queue(SyncSide target, KeyPlan plan, ErpRecord? before, ErpRecord source, IDictionary<string, object?> values, PendingBaseline baseline, SyncAction action, string? reason)
        {
            var endpoint = target == SyncSide.Left ? left : right;
            var entry = target == SyncSide.Left ? plan.Left : plan.Right;
            var fields = FieldsLike(entry == null ? insertLayout : updateLayout);
            WriteOperation operation;
            if (entry == null)
            {
                foreach (var keyField in source.Fields.Names.Where(n => source.Key.RawParts.Count > 0 && IsKeyField(n)))
                {
                    fields.Set(keyField, source[keyField]);
                }

                foreach (var pair in values)
                {
                    fields.Set(pair.Key, pair.Value);
                }

                insertLayout = LayoutOf(fields);
                operation = WriteOperation.Insert(new ErpRecord(endpoint.Schema.Name, source.Key, fields));
                action = SyncAction.Created;
            }
            else
            {
                foreach (var pair in values)
                {
                    fields.Set(pair.Key, pair.Value);
                }

                updateLayout = LayoutOf(fields);
                operation = WriteOperation.Update(new ErpRecord(endpoint.Schema.Name, entry.OwnKey, fields));
                operation.ExistingKey = entry.OwnKey;
                operation.NativeId = entry.NativeId ?? (target == SyncSide.Left ? plan.Baseline?.LeftId : plan.Baseline?.RightId);
            }

            var change = new ErpSyncChange(action, target, plan.DisplayKey)
            {
                Before = before,
                After = operation.Record,
                ChangedFields = before == null ? comparedFields.ToList() : ErpRecord.DifferingFields(before, operation.Record!, comparedFields),
                Message = reason,
            };
            Writes(target).Add(new QueuedWrite(operation, change, baseline));
        }

        private static RecordFields FieldsLike(object? layout) => layout == null ? new RecordFields() : RecordFields.Like(layout);

        private static object? LayoutOf(RecordFields fields) => fields.Count > 0 ? fields.ShareLayout() : null;

        private bool IsKeyField(string field) =>
            left.Schema.KeyFields.Concat(right.Schema.KeyFields).Contains(field, StringComparer.OrdinalIgnoreCase);

        private void RejectVanished(KeyPlan plan)
        {
            result.Rejected++;
            Reject(new RecordError(ErrorIds.SyncRecordChanged, $"The record '{plan.DisplayKey}' changed or disappeared while the run read it; it is left for the next run.")
            {
                Key = plan.DisplayKey,
            });
        }

        /// <summary>Keeps a baseline that needs no write for the next commit; one that waits for writes is held by its queued writes.</summary>
        private void Track(PendingBaseline baseline)
        {
            if (baseline.Remaining == 0 && !options.WhatIf)
            {
                readyAtPlan.Add(BaselineRow.Of(baseline));
            }
        }

        private void CommitReadyAtPlan()
        {
            using var transaction = store.BeginImmediate();
            CommitBaselines(readyAtPlan, transaction);
            transaction.Commit();
            readyAtPlan.Clear();
        }

        private void CommitPlanState()
        {
            if (readyAtPlan.Count == 0 && newConflicts.Count == 0)
            {
                return;
            }

            var conflictStore = new ConflictStore(store);
            using var transaction = store.BeginImmediate();
            foreach (var conflict in newConflicts)
            {
                conflictStore.SaveOpen(transaction, conflict);
            }

            CommitBaselines(readyAtPlan, transaction);
            transaction.Commit();
            readyAtPlan.Clear();
        }

        private void WriteSide(SyncSide side, List<QueuedWrite> writes, CancellationToken cancellationToken)
        {
            if (writes.Count == 0)
            {
                return;
            }

            var endpoint = side == SyncSide.Left ? left : right;
            Log($"Writing {writes.Count} changes to {endpoint.Describe()}.");
            var ready = new List<PendingBaseline>();
            using var session = options.WhatIf ? null : new WriteSession(endpoint, options.BatchSize);
            var done = 0;
            foreach (var write in writes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var confirmed = options.ConfirmWrite?.Invoke(write.Change) ?? true;
                if (options.WhatIf)
                {
                    Count(write.Change);
                    Report(write.Change);
                    continue;
                }

                if (!confirmed)
                {
                    write.Baseline.Abandoned = true;
                    continue;
                }

                var outcomes = session!.Add(write.Operation, cancellationToken);
                if (outcomes.Count > 0)
                {
                    Settle(side, outcomes, ready, endpoint.Can(EndpointCapabilities.Transactions));
                }

                done++;
                Progress($"Writing to {endpoint.Name}", done * 100 / writes.Count);
            }

            if (session != null)
            {
                Settle(side, session.Flush(cancellationToken), ready, endpoint.Can(EndpointCapabilities.Transactions));
                session.Complete(cancellationToken);
                CommitAfterTarget(ready);
            }
        }

        /// <summary>Records the outcomes of one batch; on a transactional target its baselines commit at once.</summary>
        private void Settle(SyncSide side, IReadOnlyList<WriteOutcome> outcomes, List<PendingBaseline> ready, bool transactional)
        {
            foreach (var outcome in outcomes)
            {
                var write = (QueuedWrite)outcome.Operation.Tag!;
                var baseline = write.Baseline;
                if (!outcome.Succeeded)
                {
                    baseline.Abandoned = true;
                    result.Rejected++;
                    Reject(outcome.Error!);
                    continue;
                }

                if (outcome.NativeId != null)
                {
                    if (side == SyncSide.Left)
                    {
                        baseline.NewLeftId = outcome.NativeId;
                    }
                    else
                    {
                        baseline.NewRightId = outcome.NativeId;
                    }
                }

                Count(write.Change);
                Report(write.Change);
                baseline.Remaining--;
                if (baseline.Remaining == 0 && !baseline.Abandoned)
                {
                    ready.Add(baseline);
                }
            }

            if (transactional)
            {
                CommitAfterTarget(ready);
            }
        }

        private void CommitAfterTarget(List<PendingBaseline> ready)
        {
            if (ready.Count == 0)
            {
                return;
            }

            if (Environment.GetEnvironmentVariable(KillAfterWriteVariable) == "1")
            {
                Process.GetCurrentProcess().Kill();
            }

            using var transaction = store.BeginImmediate();
            CommitBaselines(ready, transaction);
            transaction.Commit();
            ready.Clear();
        }

        private void CommitBaselines(IEnumerable<PendingBaseline> ready, DbTransaction transaction) =>
            CommitBaselines(ready.Select(BaselineRow.Of), transaction);

        private void CommitBaselines(IEnumerable<BaselineRow> rows, DbTransaction transaction)
        {
            using var writer = new BaselineWriter(store, transaction, jobName);
            foreach (var row in rows)
            {
                row.WriteTo(writer, left.Name, right.Name);
            }
        }

        private void Count(ErpSyncChange change)
        {
            var onLeft = change.Side == SyncSide.Left;
            switch (change.Action)
            {
                case SyncAction.Created:
                    if (onLeft) result.CreatedLeft++; else result.CreatedRight++;
                    break;
                case SyncAction.Updated:
                case SyncAction.Conflict:
                    if (onLeft) result.UpdatedLeft++; else result.UpdatedRight++;
                    break;
                case SyncAction.Deleted:
                    if (onLeft) result.DeletedLeft++; else result.DeletedRight++;
                    break;
            }
        }

        private void FillCounts(RunRecord run)
        {
            run.Counts["CreatedLeft"] = result.CreatedLeft;
            run.Counts["CreatedRight"] = result.CreatedRight;
            run.Counts["UpdatedLeft"] = result.UpdatedLeft;
            run.Counts["UpdatedRight"] = result.UpdatedRight;
            run.Counts["DeletedLeft"] = result.DeletedLeft;
            run.Counts["DeletedRight"] = result.DeletedRight;
            run.Counts["Conflicts"] = result.Conflicts;
            run.Counts["Adopted"] = result.Adopted;
            run.Counts["Unchanged"] = result.Unchanged;
            run.Counts["Rejected"] = result.Rejected;
            run.Counts["OnlyLeft"] = result.OnlyLeft;
            run.Counts["OnlyRight"] = result.OnlyRight;
        }

        private List<QueuedWrite> Writes(SyncSide side) => side == SyncSide.Left ? leftWrites : rightWrites;

        private static SyncSide Other(SyncSide side) => side == SyncSide.Left ? SyncSide.Right : SyncSide.Left;

        private static string Name(SyncSide side) => side.ToString().ToLowerInvariant();

        private void Report(ErpSyncChange change) => options.Changed?.Invoke(change);

        private void Reject(RecordError error) => options.RecordFailed?.Invoke(error);

        private void Log(string message) => options.Log?.Invoke(message);

        private void Progress(string activity, int? percent) => options.Progress?.Invoke(activity, percent);
    }
}
