using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Records;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>The merge that writes each key as its source reads it, for sources that cannot share a key.</summary>
    public sealed partial class AggregationEngine
    {
        /// <summary>
        /// Merges and writes each record as it is read, because no other source can add to its key.
        /// Every source is opened and its first record read before the first write, so a missing file,
        /// table or column fails the run before it has written or passed on anything.
        /// The target is read first into an index of keys and hashes, so memory grows with the
        /// target's keys instead of with every key's values. Outcomes, rows, baselines and messages
        /// are those of the merge that reads every source first; only the order of the messages differs.
        /// </summary>
        private void ExecuteStreaming(StateStore store, CancellationToken cancellationToken)
        {
            var target = options.Target;
            var baselines = target == null ? null : new AggregateBaselines(store, jobName);
            var jobKeys = baselines?.Load() ?? new HashSet<string>(StringComparer.Ordinal);
            long targetRead = 0;
            var index = target == null ? null : ReadTargetIndex(target, out targetRead, cancellationToken);
            var deferred = new Dictionary<string, MergeGroup>(StringComparer.Ordinal);
            var deleted = new List<string>();
            var keys = 0;
            using var session = target == null || options.WhatIf ? null : new WriteSession(target, options.BatchSize);

            // Without merge rules a key's merged record has the fields and values of its one source
            // record, so the read-ahead thread hashes the source record and the merge takes that hash.
            hashSourceRecords = options.Rules.Count == 0;
            ReadSources(
                (record, source) =>
                {
                    keys++;
                    var group = new MergeGroup(record.Entity, record.Key);
                    group.Add(record, source, layout);
                    if (hashSourceRecords)
                    {
                        group.KnownHash = record.ContentHash;
                    }

                    var normalized = group.Key.Normalized;
                    // What stays in the job's keys after the sources were read is orphaned or removed.
                    jobKeys.Remove(normalized);

                    // A key that cannot be merged still counts as present in the target, so it is no orphan.
                    var position = index?.Match(normalized) ?? -1;
                    if (group.Error != null)
                    {
                        result.Rejected++;
                        RecordFailed?.Invoke(group.Error);
                    }
                    else if (index == null)
                    {
                        Merged?.Invoke(group.Build(layout));
                    }
                    else if (!CompareWithTarget(group, record, index, position))
                    {
                        deferred.Add(normalized, group);
                    }
                    else
                    {
                        WriteGroup(session, group, deleted, cancellationToken);
                    }
                },
                () => keys,
                cancellationToken,
                openAllFirst: true);
            hashSourceRecords = false;
            result.Keys = keys;
            if (target == null)
            {
                return;
            }

            var orphans = index!.Unmatched().Where(k => jobKeys.Contains(k.Normalized)).ToList();
            Verbose?.Invoke($"Read {targetRead} records from the target; {index.Matched} of the merged keys are there, {orphans.Count} keys of this job are in no source any more.");
            var orphanKeys = new HashSet<string>(orphans.Select(k => k.Normalized), StringComparer.Ordinal);
            var removedKeys = jobKeys.Where(k => !orphanKeys.Contains(k)).ToList();
            ReportRemovedKeys(removedKeys);
            WriteDeferred(target, session, deferred, deleted, cancellationToken);
            WriteOrphans(session, orphans, deleted, cancellationToken);
            if (session != null)
            {
                Tally(session.Complete(cancellationToken), deleted);
            }

            if (!options.WhatIf)
            {
                baselines!.Save(written, removedKeys.Concat(deleted));
            }
        }

        /// <summary>
        /// True when a source and the target are tables of one SQLite file. Writing there while a
        /// source read holds the file's shared lock would wait for that read to end, and the read waits
        /// for the merge, so such runs read every source before they write.
        /// </summary>
        private bool SharesTargetDatabase()
        {
            if (!(options.Target is SqliteEndpoint target))
            {
                return false;
            }

            var targetPath = Path.GetFullPath(target.Sqlite.Path);
            return sources.Any(s => s.Endpoint is SqliteEndpoint source && string.Equals(Path.GetFullPath(source.Sqlite.Path), targetPath, StringComparison.Ordinal));
        }

        private AggregateTargetIndex ReadTargetIndex(Endpoint target, out long read, CancellationToken cancellationToken)
        {
            var index = new AggregateTargetIndex();
            read = 0;
            Verbose?.Invoke($"Reading the target: {target.Describe()}.");
            foreach (var item in ReadAhead.Of(target.Read(null, cancellationToken), cancellationToken))
            {
                read++;
                Progress?.Invoke(new AggregationProgress("Reading the target", read, null));
                if (item.Record == null)
                {
                    RecordFailed?.Invoke(item.Error!);
                    continue;
                }

                index.Add(item.Record);
            }

            return index;
        }

        /// <summary>
        /// Marks whether the target contains the group's merged values. Returns false when the target's
        /// record has other fields than the merged record, so only its values can tell.
        /// </summary>
        private bool CompareWithTarget(MergeGroup group, ErpRecord record, AggregateTargetIndex index, int position)
        {
            if (position < 0)
            {
                return true;
            }

            group.ExistingKey = index.KeyAt(position, group.Key.Normalized);
            var merged = group.Build(layout);
            var same = index.HasSameValues(position, record.Fields.Names, group.KnownHash ?? merged.ContentHash);
            if (same == null)
            {
                group.ForgetBuild();
                return false;
            }

            group.TargetUnchanged = same.Value;
            return true;
        }

        /// <summary>Reads the target a second time for the keys whose target records have other fields, compares their values, and writes them.</summary>
        private void WriteDeferred(Endpoint target, WriteSession? session, Dictionary<string, MergeGroup> deferred, List<string> deleted, CancellationToken cancellationToken)
        {
            if (deferred.Count == 0)
            {
                return;
            }

            if (session != null)
            {
                Tally(session.Flush(cancellationToken), deleted);
            }

            foreach (var item in ReadAhead.Of(target.Read(null, cancellationToken), null, cancellationToken, ReadAhead.DefaultChunkSize, ReadAhead.DefaultDepth))
            {
                if (item.Record != null && deferred.TryGetValue(item.Record.Key.Normalized, out var group))
                {
                    var merged = group.Build(layout);
                    group.TargetUnchanged = string.Equals(item.Record.HashOf(merged.Fields.Names), merged.ContentHash, StringComparison.Ordinal);
                    group.ForgetBuild();
                }
            }

            foreach (var group in deferred.Values)
            {
                WriteGroup(session, group, deleted, cancellationToken);
            }
        }
    }
}
