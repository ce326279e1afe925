using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>
    /// Runs broadcast cycles: detect the source's changes into the outbox, then deliver the outbox to
    /// every target at once, each on its own thread and state connection, so a slow or failing target
    /// holds back no other. Events are raised on the thread that called <see cref="RunCycle"/>.
    /// </summary>
    public sealed class BroadcastEngine
    {
        public const string PatternName = "Broadcast";

        private readonly BroadcastOptions options;

        public BroadcastEngine(BroadcastOptions options)
        {
            options.Validate();
            this.options = options;
        }

        public BroadcastOptions Options => options;

        /// <summary>The run's story: what was read, appended, delivered, retried.</summary>
        public event Action<string>? Verbose;

        /// <summary>A record that could not be read, or that became a dead letter.</summary>
        public event Action<RecordError>? RecordFailed;

        /// <summary>Takes the job's lock, so that no other run of the same job overlaps this one.</summary>
        public JobLock AcquireLock(string runId)
        {
            using var store = StateStore.Open(options.StatePath);
            return JobLock.Acquire(store, options.JobName, runId, log: message => Verbose?.Invoke(message));
        }

        /// <summary>Runs one cycle under the job lock and records it in the run log, as a -Once run does.</summary>
        public IReadOnlyList<ErpBroadcastResult> RunOnce(CancellationToken cancellationToken)
        {
            using var store = StateStore.Open(options.StatePath);
            var runLog = new RunLog(store);
            var run = runLog.Start(options.JobName, PatternName);
            try
            {
                using (JobLock.Acquire(store, options.JobName, run.RunId, log: message => Verbose?.Invoke(message)))
                {
                    return RunLoggedCycle(runLog, run, 1, cancellationToken);
                }
            }
            catch (ErpSyncException ex) when (ex.ErrorId == ErrorIds.JobAlreadyRunning)
            {
                RunLog.NoteError(run, ex.Message);
                runLog.Finish(run, RunStatus.Failed);
                throw;
            }
        }

        /// <summary>Runs one cycle and records it as a run; the caller holds the job lock.</summary>
        public IReadOnlyList<ErpBroadcastResult> RunLoggedCycle(int cycle, CancellationToken cancellationToken)
        {
            using var store = StateStore.Open(options.StatePath);
            var runLog = new RunLog(store);
            return RunLoggedCycle(runLog, runLog.Start(options.JobName, PatternName), cycle, cancellationToken);
        }

        private IReadOnlyList<ErpBroadcastResult> RunLoggedCycle(RunLog runLog, RunRecord run, int cycle, CancellationToken cancellationToken)
        {
            void NoteError(RecordError error) => RunLog.NoteError(run, error.Describe());
            RecordFailed += NoteError;
            try
            {
                var results = RunCycle(run.RunId, cycle, cancellationToken);
                run.Counts["Detected"] = results.Count > 0 ? results[0].Detected : 0;
                run.Counts["Delivered"] = results.Sum(r => r.Delivered);
                run.Counts["Failed"] = results.Sum(r => r.Failed);
                run.Counts["DeadLettered"] = results.Sum(r => r.DeadLettered);
                var status = cancellationToken.IsCancellationRequested ? RunStatus.Stopped
                    : results.Any(r => r.DeadLettered > 0) ? RunStatus.CompletedWithErrors
                    : RunStatus.Succeeded;
                runLog.Finish(run, status);
                return results;
            }
            catch (OperationCanceledException)
            {
                runLog.Finish(run, RunStatus.Stopped);
                throw;
            }
            catch (Exception ex)
            {
                RunLog.NoteError(run, ex.Message);
                runLog.Finish(run, RunStatus.Failed);
                throw;
            }
            finally
            {
                RecordFailed -= NoteError;
            }
        }

        /// <summary>Detects changes and delivers them to every target; returns one result per target.</summary>
        public IReadOnlyList<ErpBroadcastResult> RunCycle(string runId, int cycle, CancellationToken cancellationToken)
        {
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var events = new ConcurrentQueue<object>();
            ChangeDetector detector;
            using (var store = StateStore.Open(options.StatePath))
            {
                var state = new BroadcastState(store, options.JobName);
                detector = new ChangeDetector(options, state, events.Enqueue, events.Enqueue);
                try
                {
                    detector.Detect(cancellationToken);
                }
                finally
                {
                    Raise(events);
                }
            }

            var batches = new OutboxBatches(options.Targets.Count, options.BatchSize, options.Source.Schema);
            var deliveries = options.Targets
                .Select(target => Task.Run(() => DeliverTo(target, batches, events, cancellationToken)))
                .ToArray();
            while (!Task.WaitAll(deliveries, 50))
            {
                Raise(events);
            }

            Raise(events);
            return options.Targets.Select((target, i) => new ErpBroadcastResult
            {
                JobName = options.JobName,
                RunId = runId,
                Cycle = cycle,
                Target = target.Name,
                Detected = detector.Appended,
                DeletesReported = detector.DeletesReported,
                Delivered = deliveries[i].Result.Delivered,
                Failed = deliveries[i].Result.Failed,
                DeadLettered = deliveries[i].Result.DeadLettered,
                Lag = deliveries[i].Result.Lag,
                StartedAt = started,
                Duration = clock.Elapsed,
            }).ToList();
        }

        private DeliveryCounts DeliverTo(Endpoint target, OutboxBatches batches, ConcurrentQueue<object> events, CancellationToken cancellationToken)
        {
            using var store = StateStore.Open(options.StatePath);
            var delivery = new TargetDelivery(options, target, new BroadcastState(store, options.JobName), batches, events.Enqueue, events.Enqueue);
            var counts = delivery.Deliver(cancellationToken);
            events.Enqueue($"Target '{target.Name}': delivered {counts.Delivered}, failed attempts {counts.Failed}, dead letters {counts.DeadLettered}, lag {counts.Lag}.");
            return counts;
        }

        private void Raise(ConcurrentQueue<object> events)
        {
            while (events.TryDequeue(out var item))
            {
                if (item is RecordError error)
                {
                    RecordFailed?.Invoke(error);
                }
                else
                {
                    Verbose?.Invoke((string)item);
                }
            }
        }
    }
}
