using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ErpSync.Core;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.Core.Records;
using ErpSync.Core.State;

namespace ErpSync.PowerShell.Broadcast
{
    /// <summary>
    /// A broadcast running in the background: one cycle per interval on its own task, holding the job
    /// lock for its lifetime. Results go to Output, the run's story to Verbose, failures to Error.
    /// Stop-Job lets the current batch finish, then the cursors are stored.
    /// </summary>
    public sealed class BroadcastJob : Job
    {
        private readonly BroadcastEngine engine;
        private readonly TimeSpan interval;
        private readonly CancellationTokenSource cancellation = new CancellationTokenSource();
        private JobLock? jobLock;
        private Task? loop;
        private int cycles;
        private string status = "Starting";

        internal BroadcastJob(BroadcastEngine engine, TimeSpan interval, string command)
            : base(command, engine.Options.JobName)
        {
            this.engine = engine;
            this.interval = interval;
            PSJobTypeName = nameof(BroadcastJob);
        }

        public string JobName => engine.Options.JobName;

        public TimeSpan Interval => interval;

        public int Cycles => cycles;

        public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Verbose.Count > 0 || Warning.Count > 0;

        public override string Location => engine.Options.Source.Describe();

        public override string StatusMessage => status;

        /// <summary>Takes the job lock, so a second start fails at once, and starts the cycle loop.</summary>
        internal void Start()
        {
            jobLock = engine.AcquireLock("job-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            engine.Verbose += message => Verbose.Add(new VerboseRecord(message));
            engine.RecordFailed += error => Error.Add(ToErrorRecord(error));
            SetJobState(JobState.Running);
            loop = Task.Factory.StartNew(RunCycles, TaskCreationOptions.LongRunning);
        }

        public override void StopJob()
        {
            if (IsFinishedState(JobStateInfo.State))
            {
                return;
            }

            status = "Stopping after the current batch";
            SetJobState(JobState.Stopping);
            cancellation.Cancel();
            loop?.Wait();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                cancellation.Cancel();
                loop?.Wait();
                cancellation.Dispose();
                jobLock?.Dispose();
            }

            base.Dispose(disposing);
        }

        private void RunCycles()
        {
            var token = cancellation.Token;
            Exception? failure = null;
            try
            {
                while (!token.IsCancellationRequested)
                {
                    var cycle = Interlocked.Increment(ref cycles);
                    RunCycle(cycle, token);
                    if (token.WaitHandle.WaitOne(interval))
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                failure = ex;
                Error.Add(new ErrorRecord(ex, "BroadcastJobFailed", ErrorCategory.NotSpecified, JobName));
            }
            finally
            {
                jobLock?.Dispose();
                jobLock = null;
            }

            status = failure != null ? "Failed: " + failure.Message : $"Stopped after {cycles} cycle(s)";
            SetJobState(failure != null ? JobState.Failed : JobState.Stopped);
        }

        /// <summary>Runs one cycle; a cycle that fails (source unreachable, target missing) is reported and the next one tries again.</summary>
        private void RunCycle(int cycle, CancellationToken token)
        {
            try
            {
                foreach (var result in engine.RunLoggedCycle(cycle, token))
                {
                    Output.Add(PSObject.AsPSObject(result));
                }

                status = $"Cycle {cycle} done at {DateTimeOffset.Now:HH:mm:ss}";
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (ErpSyncException ex)
            {
                status = $"Cycle {cycle} failed: {ex.Message}";
                Error.Add(new ErrorRecord(ex, ex.ErrorId, ErpSyncCmdlet.ToCategory(ex.Kind), JobName));
            }
        }

        private static ErrorRecord ToErrorRecord(RecordError error) =>
            new ErrorRecord(new ErpSyncRecordException(error), error.ErrorId, ErpSyncCmdlet.ToCategory(error.Kind), error.Target)
            {
                ErrorDetails = new ErrorDetails(error.Describe()),
            };

        private static bool IsFinishedState(JobState state) =>
            state == JobState.Completed || state == JobState.Failed || state == JobState.Stopped;
    }
}
