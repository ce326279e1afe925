using System;
using System.Management.Automation;
using ErpSync.Core;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.PowerShell.Broadcast;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>
    /// Pushes the source's changes to every target: one foreground cycle with -Once, else a
    /// background job that runs a cycle every -Interval until it is stopped.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "Broadcast", SupportsShouldProcess = true, DefaultParameterSetName = JobSet)]
    [OutputType(typeof(BroadcastJob), ParameterSetName = new[] { JobSet })]
    [OutputType(typeof(ErpBroadcastResult), ParameterSetName = new[] { OnceSet })]
    public sealed class StartBroadcastCommand : ErpSyncCmdlet
    {
        private const string JobSet = "Job";
        private const string OnceSet = "Once";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public Endpoint Source { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public Endpoint[] Target { get; set; } = Array.Empty<Endpoint>();

        /// <summary>The wait between the end of one cycle and the start of the next, for a broadcast job.</summary>
        [Parameter(ParameterSetName = JobSet)]
        public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

        [Parameter(Mandatory = true, ParameterSetName = OnceSet)]
        public SwitchParameter Once { get; set; }

        /// <summary>The name that state, locks and dead letters are kept under; defaults to Broadcast-&lt;source name&gt;.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JobName { get; set; }

        [Parameter]
        [ValidateRange(1, 1000)]
        public int MaxAttempts { get; set; } = 5;

        [Parameter]
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

        [Parameter]
        public ChangeDetection? ChangeDetection { get; set; }

        [Parameter]
        public TimeSpan Overlap { get; set; } = TimeSpan.FromSeconds(5);

        [Parameter]
        [ValidateRange(1, 1000000)]
        public int BatchSize { get; set; } = 1000;

        [Parameter]
        public SwitchParameter PropagateDeletes { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        protected override void EndProcessing()
        {
            var options = new BroadcastOptions(JobName ?? "Broadcast-" + Source.Name, Source, Target)
            {
                ChangeDetection = ChangeDetection,
                MaxAttempts = MaxAttempts,
                RetryDelay = RetryDelay,
                Overlap = Overlap,
                BatchSize = BatchSize,
                PropagateDeletes = PropagateDeletes,
                StatePath = ResolveStatePath(StatePath),
            };
            var engine = RunEngine(() => new BroadcastEngine(options));
            var targets = string.Join(", ", Array.ConvertAll(Target, t => t.Name));
            if (!ShouldProcess($"targets {targets}", $"Broadcast changes of {Source.Describe()}"))
            {
                return;
            }

            if (Once)
            {
                RunOnce(engine);
                return;
            }

            if (Interval <= TimeSpan.Zero)
            {
                ThrowTerminating(new ErpSyncException(ErrorIds.BroadcastInvalid, $"-Interval must be positive; it is {Interval}.", kind: ErrorKind.InvalidArgument));
            }

            var job = new BroadcastJob(engine, Interval, MyInvocation.Line);
            RunEngine(job.Start);
            JobRepository.Add(job);
            WriteVerbose($"Started broadcast job '{options.JobName}' (job id {job.Id}): {options.EffectiveChangeDetection} detection every {Interval} to {targets}.");
            WriteObject(job);
        }

        private void RunOnce(BroadcastEngine engine)
        {
            engine.Verbose += WriteVerbose;
            engine.RecordFailed += WriteRecordError;
            WriteProgress(new ProgressRecord(1, "Broadcast " + engine.Options.JobName, "Detecting and delivering changes"));
            var results = RunEngine(() => engine.RunOnce(CancellationToken));
            WriteProgress(new ProgressRecord(1, "Broadcast " + engine.Options.JobName, "Done") { RecordType = ProgressRecordType.Completed });
            foreach (var result in results)
            {
                WriteObject(result);
            }
        }
    }
}
