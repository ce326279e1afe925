using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Endpoints.Json;
using ErpSync.Core.Endpoints.Sqlite;
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

        /// <summary>
        /// Detects changes and delivers them to every target; returns one result per target. The
        /// deliveries start while detection still appends, unless a target is stored in the source's file.
        /// </summary>
        public IReadOnlyList<ErpBroadcastResult> RunCycle(string runId, int cycle, CancellationToken cancellationToken)
        {
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();

            // Delivery events are raised after detection's, so the run's story reads in the same order
            // whether or not the deliveries started early.
            var detectionEvents = new ConcurrentQueue<object>();
            var deliveryEvents = new ConcurrentQueue<object>();
            var batches = new OutboxBatches(options.Targets.Count, options.BatchSize, options.Source.Schema);

            // The cycle's connections to an SQLite state store queue for its write lock here. A
            // PostgreSQL store queues them on its server-side advisory lock.
            using var stateWriteGate = StateStore.IsConnectionString(options.StatePath ?? StateStore.DefaultPath()) ? null : new Semaphore(1, 1);
            using var deliveryCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var stopBatches = deliveryCancellation.Token.Register(batches.Stop);
            var deliveries = CanDeliverDuringDetection() ? StartDeliveries(batches, stateWriteGate, deliveryEvents, deliveryCancellation.Token) : null;

            ChangeDetector detector;
            try
            {
                using var store = StateStore.Open(options.StatePath);
                detector = new ChangeDetector(options, new BroadcastState(store, options.JobName, stateWriteGate), detectionEvents.Enqueue, detectionEvents.Enqueue)
                {
                    Committed = batches.Appended,
                };
                detector.Detect(cancellationToken);
                batches.DetectionFinished();
            }
            catch
            {
                // Deliveries under way stop after the batch in hand, which came from committed outbox
                // entries, and the detection's error is the cycle's error.
                deliveryCancellation.Cancel();
                WaitQuietly(deliveries);
                Raise(detectionEvents);
                Raise(deliveryEvents);
                throw;
            }

            Raise(detectionEvents);
            deliveries ??= StartDeliveries(batches, stateWriteGate, deliveryEvents, deliveryCancellation.Token);
            while (!Task.WaitAll(deliveries, 50))
            {
                Raise(deliveryEvents);
            }

            Raise(deliveryEvents);
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

        /// <summary>Starts one thread per target; a delivery may wait for detection, so it must not hold a thread pool thread.</summary>
        private Task<DeliveryCounts>[] StartDeliveries(OutboxBatches batches, Semaphore? stateWriteGate, ConcurrentQueue<object> events, CancellationToken cancellationToken) =>
            options.Targets
                .Select(target => Task.Factory.StartNew(
                    () => DeliverTo(target, batches, stateWriteGate, events, cancellationToken),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default))
                .ToArray();

        /// <summary>Waits for deliveries that a failed detection stopped; their own errors give way to the detection's.</summary>
        private static void WaitQuietly(Task<DeliveryCounts>[]? deliveries)
        {
            if (deliveries == null)
            {
                return;
            }

            try
            {
                Task.WaitAll(deliveries);
            }
            catch (AggregateException)
            {
            }
        }

        /// <summary>
        /// Returns false when a target is stored in the source's file. SQLite keeps a database file
        /// locked against commits while a read of it is open, so such a target could not commit during
        /// detection. A file target would replace the file that detection reads.
        /// </summary>
        private bool CanDeliverDuringDetection()
        {
            var sourceFile = FileOf(options.Source);
            return sourceFile == null ||
                options.Targets.All(target => !string.Equals(FileOf(target), sourceFile, StringComparison.OrdinalIgnoreCase));
        }

        private static string? FileOf(Endpoint endpoint)
        {
            var path = endpoint switch
            {
                SqliteEndpoint sqlite => sqlite.Sqlite.Path,
                CsvEndpoint csv => csv.Csv.Path,
                JsonEndpoint json => json.Json.Path,
                _ => null,
            };
            if (path == null)
            {
                return null;
            }

            try
            {
                return Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                // The read reports an invalid path in its own words; here the path is compared as given.
                return path;
            }
        }

        private DeliveryCounts DeliverTo(Endpoint target, OutboxBatches batches, Semaphore? stateWriteGate, ConcurrentQueue<object> events, CancellationToken cancellationToken)
        {
            using var store = StateStore.Open(options.StatePath);
            var delivery = new TargetDelivery(options, target, new BroadcastState(store, options.JobName, stateWriteGate), batches, events.Enqueue, events.Enqueue);
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
