using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>
    /// Merges several sources into one record per key and writes the aggregates that changed.
    /// Every source is read in full before anything is written, because a key's value can come from
    /// the last source read. The exception is a run where no key can come from two sources (one
    /// source, or key prefixes that keep the sources' keys apart): it writes each key as it is read.
    /// Reports through events and never writes to a console.
    /// </summary>
    /// <remarks>
    /// NOTE: when sources can share keys, memory grows with the number of keys and with the size of
    /// the merged record. Each key keeps its running merge (one value per field, or the values joined
    /// by Concat) until the last source has been read. The target's records are not kept: only their
    /// key and whether they equal the merge.
    /// </remarks>
    public sealed partial class AggregationEngine
    {
        public const string PatternName = "Aggregation";

        private readonly AggregationOptions options;
        private readonly List<MergeSource> sources;
        private readonly IReadOnlyList<string> keyFields;
        private readonly string jobName;
        private MergeLayout layout;
        private ErpAggregateResult result = new ErpAggregateResult();
        private WrittenKeys written = new WrittenKeys();
        private bool sourceReadFailed;

        // Set while a streamed merge reads sources whose records are their own merge.
        private bool hashSourceRecords;

        public AggregationEngine(AggregationOptions options)
        {
            this.options = options;
            sources = ResolveSources(options);
            keyFields = options.Sources[0].Schema.KeyFields;
            jobName = options.ResolveJobName();
            layout = new MergeLayout(options.Rules, keyFields, sources);
        }

        /// <summary>Raised for the run's story: what was read, merged and written.</summary>
        public event Action<string>? Verbose;

        public event Action<AggregationProgress>? Progress;

        /// <summary>Raised for a row that could not be read, a key that could not be merged, or a write that failed.</summary>
        public event Action<RecordError>? RecordFailed;

        /// <summary>Raised for each merged record when the run has no target.</summary>
        public event Action<ErpRecord>? Merged;

        /// <summary>Raised for each key and what the run did with it in the target.</summary>
        public event Action<ErpAggregateChange>? Changed;

        /// <summary>Called before each write to the target. Returning false skips the write, as the -Confirm response No does.</summary>
        public Func<ErpAggregateChange, bool>? ConfirmWrite { get; set; }

        public string JobName => jobName;

        /// <summary>Runs the aggregation: takes the job lock, merges, writes, and logs the run in the state store.</summary>
        public ErpAggregateResult Run(CancellationToken cancellationToken = default)
        {
            var clock = Stopwatch.StartNew();
            result = new ErpAggregateResult
            {
                JobName = jobName,
                Sources = sources.OrderBy(s => s.Rank).Select(s => s.Name).ToList(),
                Target = options.Target?.Name,
                WhatIf = options.WhatIf,
            };

            using var store = StateStore.Open(options.StatePath);
            if (options.WhatIf)
            {
                Execute(store, cancellationToken);
                result.Duration = clock.Elapsed;
                return result;
            }

            var log = new RunLog(store);
            var run = log.Start(jobName, PatternName);
            result.RunId = run.RunId;
            try
            {
                using (JobLock.Acquire(store, jobName, run.RunId, log: message => Verbose?.Invoke(message)))
                {
                    Execute(store, cancellationToken);
                }

                result.Duration = clock.Elapsed;
                CopyCounts(run);
                log.Finish(run, result.Rejected + result.Failed > 0 ? RunStatus.CompletedWithErrors : RunStatus.Succeeded);
                Verbose?.Invoke($"Run {run.RunId} of job '{jobName}' finished in {result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s: {result}.");
                return result;
            }
            catch (OperationCanceledException)
            {
                CopyCounts(run);
                log.Finish(run, RunStatus.Stopped);
                throw;
            }
            catch (Exception ex)
            {
                CopyCounts(run);
                RunLog.NoteError(run, ex.Message);
                log.Finish(run, RunStatus.Failed);
                throw;
            }
        }

        private void Execute(StateStore store, CancellationToken cancellationToken)
        {
            written = new WrittenKeys();
            hashSourceRecords = false;
            layout = new MergeLayout(options.Rules, keyFields, sources);
            if (!options.ReadAllSourcesFirst && DisjointKeys.Hold(sources) && !SharesTargetDatabase())
            {
                ExecuteStreaming(store, cancellationToken);
                return;
            }

            var groups = Collect(cancellationToken);
            ReportMergeProblems(groups.Values);
            if (options.Target == null)
            {
                foreach (var group in groups.Values)
                {
                    if (group.Error == null)
                    {
                        Merged?.Invoke(group.Build(layout));
                    }
                }

                return;
            }

            var baselines = new AggregateBaselines(store, jobName);
            var jobKeys = baselines.Load();
            var orphans = ReadTarget(options.Target, groups, jobKeys, cancellationToken);
            var removedKeys = jobKeys.Where(k => !groups.ContainsKey(k) && !orphans.ContainsKey(k)).ToList();
            ReportRemovedKeys(removedKeys);
            var deleted = Write(options.Target, groups.Values, orphans.Values, cancellationToken);
            if (!options.WhatIf)
            {
                baselines.Save(written, removedKeys.Concat(deleted));
            }
        }

        /// <summary>Reads every source in order and folds each record into the group of its key.</summary>
        private Dictionary<string, MergeGroup> Collect(CancellationToken cancellationToken)
        {
            var groups = new Dictionary<string, MergeGroup>(StringComparer.Ordinal);
            ReadSources(
                (record, source) =>
                {
                    if (!groups.TryGetValue(record.Key.Normalized, out var group))
                    {
                        group = new MergeGroup(record.Entity, record.Key);
                        groups.Add(record.Key.Normalized, group);
                    }

                    group.Add(record, source, layout);
                },
                () => groups.Count,
                cancellationToken);
            result.Keys = groups.Count;
            return groups;
        }

        /// <summary>Reads every source in the order of -Source and hands each record that could be read to <paramref name="fold"/>.</summary>
        private void ReadSources(Action<ErpRecord, MergeSource> fold, Func<int> keyCount, CancellationToken cancellationToken, bool openAllFirst = false)
        {
            long? total = 0;
            foreach (var source in sources)
            {
                var count = source.Endpoint.CountRecords(cancellationToken);
                total = count == null || total == null ? null : total + count;
            }

            var ordered = options.Sources.Select(e => sources.First(s => ReferenceEquals(s.Endpoint, e))).ToList();
            var reads = new IEnumerator<ReadItem>?[ordered.Count];
            var hasFirst = new bool[ordered.Count];
            try
            {
                for (var i = 0; i < ordered.Count && openAllFirst; i++)
                {
                    reads[i] = Open(ordered[i], cancellationToken);
                    hasFirst[i] = reads[i]!.MoveNext();
                }

                for (var i = 0; i < ordered.Count; i++)
                {
                    var source = ordered[i];
                    long read = 0;
                    var status = $"Reading the source '{source.Name}'";
                    Verbose?.Invoke($"Reading the source '{source.Name}': {source.Endpoint.Describe()}.");
                    if (reads[i] == null)
                    {
                        reads[i] = Open(source, cancellationToken);
                        hasFirst[i] = reads[i]!.MoveNext();
                    }

                    for (var more = hasFirst[i]; more; more = reads[i]!.MoveNext())
                    {
                        var item = reads[i]!.Current;
                        read++;
                        result.Read++;
                        Progress?.Invoke(new AggregationProgress(status, result.Read, total));
                        if (item.Record == null)
                        {
                            sourceReadFailed = true;
                            result.Rejected++;
                            RecordFailed?.Invoke(item.Error!);
                            continue;
                        }

                        fold(item.Record, source);
                    }

                    // Closes the source's file or connection and stops its read-ahead thread before the next source.
                    reads[i]!.Dispose();
                    reads[i] = null;
                    Verbose?.Invoke($"Read {read} records from the source '{source.Name}'; {keyCount()} distinct keys so far.");
                }
            }
            finally
            {
                foreach (var open in reads)
                {
                    open?.Dispose();
                }
            }
        }

        /// <summary>Starts the read of a source, ahead of the caller and with its key prefix applied.</summary>
        private IEnumerator<ReadItem> Open(MergeSource source, CancellationToken cancellationToken)
        {
            var hash = hashSourceRecords;
            return ReadAhead.Of(source.Endpoint.Read(null, cancellationToken), item => Prefix(item, source, hash), cancellationToken, ReadAhead.DefaultChunkSize, ReadAhead.DefaultDepth)
                .GetEnumerator();
        }

        /// <summary>Prefixes the key of a record read from a source with a key prefix, and computes its content hash when asked; runs on the read-ahead thread.</summary>
        private static void Prefix(ReadItem item, MergeSource source, bool hash)
        {
            if (item.Record != null && source.KeyPrefix != null)
            {
                ApplyPrefix(item.Record, source);
            }

            if (item.Record != null && hash)
            {
                _ = item.Record.ContentHash;
            }
        }

        /// <summary>Prefixes the first key field, so order 1001 of the shop 'eu' becomes EU-1001, and re-keys the record.</summary>
        private static void ApplyPrefix(ErpRecord record, MergeSource source)
        {
            var field = source.Endpoint.Schema.KeyFields[0];
            record.Fields.Set(field, source.KeyPrefix + CanonicalValue.Of(record.Fields.Get(field)));
            var key = ErpRecord.BuildKey(record.Fields, source.Endpoint.Schema.KeyFields, source.Endpoint.Options.KeyNormalization, out _);
            record.Rekey(key!);
        }

        private void ReportRemovedKeys(List<string> removedKeys)
        {
            if (removedKeys.Count > 0)
            {
                Verbose?.Invoke($"{removedKeys.Count} keys this job wrote earlier are in no source and no longer in the target; the job forgets them.");
            }
        }

        private void ReportMergeProblems(IEnumerable<MergeGroup> groups)
        {
            foreach (var group in groups)
            {
                if (group.Error != null)
                {
                    result.Rejected++;
                    RecordFailed?.Invoke(group.Error);
                    continue;
                }

                foreach (var field in group.Disagreements)
                {
                    var values = field.Disagreement!;
                    result.Disagreements++;
                    var listed = string.Join(", ", values.Select(v => $"{v.Key} '{Convert.ToString(v.Value, CultureInfo.InvariantCulture)}'"));
                    Verbose?.Invoke($"Key '{group.Key}': the sources disagree on '{field.Name}' ({listed}); took the value of '{field.Lineage}' by precedence.");
                }
            }

            if (result.Disagreements > 0)
            {
                Verbose?.Invoke($"{result.Disagreements} fields had disagreeing sources; precedence decided each.");
            }
        }

        /// <summary>
        /// Reads the target once and marks each merged key as present and equal or changed. Returns
        /// the job's earlier keys that the target still contains but no source has, as normalized key to the key stored in the target.
        /// </summary>
        private Dictionary<string, RecordKey> ReadTarget(Endpoint target, Dictionary<string, MergeGroup> groups, HashSet<string> jobKeys, CancellationToken cancellationToken)
        {
            var orphans = new Dictionary<string, RecordKey>(StringComparer.Ordinal);
            long read = 0;
            Verbose?.Invoke($"Reading the target: {target.Describe()}.");
            foreach (var item in ReadAhead.Of(target.Read(null, cancellationToken), null, cancellationToken, ReadAhead.DefaultChunkSize, ReadAhead.DefaultDepth))
            {
                read++;
                Progress?.Invoke(new AggregationProgress("Reading the target", read, null));
                if (item.Record == null)
                {
                    RecordFailed?.Invoke(item.Error!);
                    continue;
                }

                var existing = item.Record;
                if (groups.TryGetValue(existing.Key.Normalized, out var group))
                {
                    group.ExistingKey = existing.Key;
                    var merged = group.Build(layout);
                    group.TargetUnchanged = string.Equals(existing.HashOf(merged.Fields.Names), merged.ContentHash, StringComparison.Ordinal);
                    group.ForgetBuild();
                }
                else if (jobKeys.Contains(existing.Key.Normalized))
                {
                    orphans.Add(existing.Key.Normalized, existing.Key);
                }
            }

            Verbose?.Invoke($"Read {read} records from the target; {groups.Values.Count(g => g.ExistingKey != null)} of the merged keys are there, {orphans.Count} keys of this job are in no source any more.");
            return orphans;
        }

        /// <summary>Writes the changed aggregates and handles the orphans; returns the normalized keys deleted.</summary>
        private List<string> Write(Endpoint target, IEnumerable<MergeGroup> groups, IEnumerable<RecordKey> orphans, CancellationToken cancellationToken)
        {
            var deleted = new List<string>();
            using var session = options.WhatIf ? null : new WriteSession(target, options.BatchSize);
            long done = 0;
            var status = $"Writing to the target '{target.Name}'";
            foreach (var group in groups)
            {
                if (group.Error != null)
                {
                    continue;
                }

                done++;
                Progress?.Invoke(new AggregationProgress(status, done, result.Keys));
                WriteGroup(session, group, deleted, cancellationToken);
            }

            WriteOrphans(session, orphans, deleted, cancellationToken);
            if (session != null)
            {
                Tally(session.Complete(cancellationToken), deleted);
            }

            return deleted;
        }

        /// <summary>Counts a key whose target record is unchanged, or submits its write; the group lets go of its merged values.</summary>
        private void WriteGroup(WriteSession? session, MergeGroup group, List<string> deleted, CancellationToken cancellationToken)
        {
            var record = group.Build(layout);
            group.MergedHash = group.Release(layout);
            if (group.TargetUnchanged)
            {
                result.Unchanged++;
                Claim(group);
                Changed?.Invoke(new ErpAggregateChange(group.Key.ToString(), AggregateAction.Unchanged, record));
                return;
            }

            var operation = group.ExistingKey == null
                ? WriteOperation.Insert(record)
                : new WriteOperation(WriteKind.Update, record.Key, record) { ExistingKey = group.ExistingKey };
            operation.Tag = group;
            var planned = group.ExistingKey == null ? AggregateAction.Created : AggregateAction.Updated;
            Submit(session, operation, new ErpAggregateChange(group.Key.ToString(), planned, record), deleted, cancellationToken);
        }

        /// <summary>Keeps or deletes the keys this job wrote earlier that no source has any more.</summary>
        private void WriteOrphans(WriteSession? session, IEnumerable<RecordKey> orphans, List<string> deleted, CancellationToken cancellationToken)
        {
            foreach (var orphan in orphans)
            {
                if (!options.PropagateDeletes || sourceReadFailed)
                {
                    result.Orphaned++;
                    var why = options.PropagateDeletes
                        ? "kept in the target because a source had rows that could not be read, so the key may only be missing from this read"
                        : "kept in the target; pass -PropagateDeletes to delete such keys";
                    Verbose?.Invoke($"Key '{orphan}' is in no source any more; {why}.");
                    Changed?.Invoke(new ErpAggregateChange(orphan.ToString(), AggregateAction.Orphaned, null));
                    continue;
                }

                var operation = WriteOperation.Delete(orphan);
                operation.ExistingKey = orphan;
                Submit(session, operation, new ErpAggregateChange(orphan.ToString(), AggregateAction.Deleted, null), deleted, cancellationToken);
            }
        }

        /// <summary>Adds the key of a group to the keys the job claims in its baselines, with the hash of its merged record.</summary>
        private void Claim(MergeGroup group)
        {
            written.Add(group.Key, group.MergedHash!);
            group.MergedHash = null;
        }

        private void Submit(WriteSession? session, WriteOperation operation, ErpAggregateChange change, List<string> deleted, CancellationToken cancellationToken)
        {
            var confirmed = ConfirmWrite?.Invoke(change) ?? true;
            if (options.WhatIf)
            {
                Count(change.Action);
                Changed?.Invoke(change);
                return;
            }

            if (!confirmed)
            {
                result.Skipped++;
                if (operation.Tag is MergeGroup group)
                {
                    // A declined update leaves the job's own earlier record in the target, so the job still claims the key.
                    group.NotWritten = group.ExistingKey == null;
                    if (!group.NotWritten)
                    {
                        Claim(group);
                    }
                }

                Changed?.Invoke(new ErpAggregateChange(change.Key, AggregateAction.Skipped, change.Record));
                return;
            }

            Tally(session!.Add(operation, cancellationToken), deleted);
        }

        private void Tally(IReadOnlyList<WriteOutcome> outcomes, List<string> deleted)
        {
            foreach (var outcome in outcomes)
            {
                var operation = outcome.Operation;
                var key = operation.Record?.Key.ToString() ?? operation.Key.ToString();
                switch (outcome.Result)
                {
                    case WriteResultKind.Created:
                    case WriteResultKind.Updated:
                        var action = outcome.Result == WriteResultKind.Created ? AggregateAction.Created : AggregateAction.Updated;
                        Count(action);
                        if (operation.Tag is MergeGroup claimed)
                        {
                            Claim(claimed);
                        }

                        Changed?.Invoke(new ErpAggregateChange(key, action, operation.Record));
                        break;
                    case WriteResultKind.Deleted:
                    case WriteResultKind.NotFound when operation.Kind == WriteKind.Delete:
                        result.Deleted += outcome.Result == WriteResultKind.Deleted ? 1 : 0;
                        deleted.Add(operation.Key.Normalized);
                        Changed?.Invoke(new ErpAggregateChange(key, AggregateAction.Deleted, null));
                        break;
                    default:
                        result.Failed++;
                        if (operation.Tag is MergeGroup group)
                        {
                            group.NotWritten = true;
                        }

                        RecordFailed?.Invoke(outcome.Error ?? new RecordError(ErrorIds.WriteFailed, $"Writing the key '{key}' to the target '{options.Target!.Name}' failed.") { Key = key, Target = operation.Record });
                        Changed?.Invoke(new ErpAggregateChange(key, AggregateAction.Failed, operation.Record));
                        break;
                }
            }
        }

        private void Count(AggregateAction action)
        {
            switch (action)
            {
                case AggregateAction.Created:
                    result.Created++;
                    break;
                case AggregateAction.Updated:
                    result.Updated++;
                    break;
                case AggregateAction.Deleted:
                    result.Deleted++;
                    break;
            }
        }

        private void CopyCounts(RunRecord run)
        {
            run.Counts["Read"] = result.Read;
            run.Counts["Keys"] = result.Keys;
            run.Counts["Created"] = result.Created;
            run.Counts["Updated"] = result.Updated;
            run.Counts["Unchanged"] = result.Unchanged;
            run.Counts["Deleted"] = result.Deleted;
            run.Counts["Orphaned"] = result.Orphaned;
            run.Counts["Disagreements"] = result.Disagreements;
            run.Counts["Rejected"] = result.Rejected;
            run.Counts["Failed"] = result.Failed;
            run.Counts["Skipped"] = result.Skipped;
        }

        /// <summary>Checks the sources, precedence, rules and prefixes before anything is read.</summary>
        private static List<MergeSource> ResolveSources(AggregationOptions options)
        {
            if (options.Sources.Count == 0)
            {
                throw Invalid(ErrorIds.AggregateSourcesInvalid, "Merge-Aggregate needs at least one source. Pass endpoints to -Source.");
            }

            var byName = new Dictionary<string, Endpoint>(StringComparer.OrdinalIgnoreCase);
            var keyCount = options.Sources[0].Schema.KeyFields.Count;
            foreach (var endpoint in options.Sources)
            {
                if (byName.ContainsKey(endpoint.Name))
                {
                    throw Invalid(ErrorIds.AggregateSourcesInvalid, $"Two sources are named '{endpoint.Name}'. Give each source its own -Name, because precedence, prefixes and lineage refer to sources by name.");
                }

                if (endpoint.Schema.KeyFields.Count != keyCount)
                {
                    throw Invalid(ErrorIds.AggregateSourcesInvalid, $"The source '{endpoint.Name}' has the key [{string.Join(", ", endpoint.Schema.KeyFields)}], but '{options.Sources[0].Name}' has [{string.Join(", ", options.Sources[0].Schema.KeyFields)}]. Give every source a key of the same fields with -Key.");
                }

                byName.Add(endpoint.Name, endpoint);
            }

            if (options.Target != null && options.Target.Schema.KeyFields.Count != keyCount)
            {
                throw Invalid(ErrorIds.AggregateSourcesInvalid, $"The target '{options.Target.Name}' has the key [{string.Join(", ", options.Target.Schema.KeyFields)}], but the sources have [{string.Join(", ", options.Sources[0].Schema.KeyFields)}]. Give the target a key of the same fields with -Key.");
            }

            var order = new List<Endpoint>();
            foreach (var name in options.Precedence)
            {
                if (!byName.TryGetValue(name, out var endpoint))
                {
                    throw Invalid(ErrorIds.AggregateSourcesInvalid, $"-Precedence names '{name}', which is not a source. The sources are: {string.Join(", ", byName.Keys)}.");
                }

                if (!order.Contains(endpoint))
                {
                    order.Add(endpoint);
                }
            }

            order.AddRange(options.Sources.Where(s => !order.Contains(s)));
            foreach (var field in options.Rules.Keys)
            {
                if (options.Sources[0].Schema.KeyFields.Contains(field, StringComparer.OrdinalIgnoreCase))
                {
                    throw Invalid(ErrorIds.AggregateRuleInvalid, $"-Rule names the key field '{field}'. Key fields group the records and take no rule; remove it from -Rule.");
                }
            }

            foreach (var name in options.KeyPrefixes.Keys)
            {
                if (!byName.ContainsKey(name))
                {
                    throw Invalid(ErrorIds.AggregateSourcesInvalid, $"-KeyPrefix names '{name}', which is not a source. The sources are: {string.Join(", ", byName.Keys)}.");
                }
            }

            return order
                .Select((endpoint, rank) => new MergeSource(endpoint, rank, options.KeyPrefixes.TryGetValue(endpoint.Name, out var prefix) ? prefix : null))
                .ToList();
        }

        private static ErpSyncException Invalid(string errorId, string message) =>
            new ErpSyncException(errorId, message, kind: ErrorKind.InvalidArgument);
    }
}
