using System;
using System.Management.Automation;
using ErpSync.Core;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Patterns.Migration;
using ErpSync.Core.State;
using ErpSync.PowerShell.Records;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>
    /// Copies the records of a source endpoint, or of pipeline input, into a target endpoint. The
    /// engine does the work; this cmdlet binds parameters, requests confirmation and turns the
    /// engine's events into progress, verbose messages, errors and change objects.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ErpMigration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = EndpointSet)]
    [OutputType(typeof(ErpMigrationResult), typeof(ErpMigrationChange))]
    public sealed class InvokeErpMigrationCommand : ErpSyncCmdlet, IDisposable
    {
        private const string EndpointSet = "Endpoint";
        private const string PipelineSet = "Pipeline";
        private const int ProgressActivityId = 1;

        private MigrationEngine? engine;
        private StateStore? store;
        private RecordConverter? converter;
        private string activity = string.Empty;
        private bool skipped;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EndpointSet)]
        [ValidateNotNull]
        public Endpoint Source { get; set; } = null!;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipelineSet)]
        [AllowNull]
        public object?[] InputObject { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNull]
        public Endpoint Target { get; set; } = null!;

        [Parameter]
        public MigrationMode Mode { get; set; } = MigrationMode.Upsert;

        [Parameter]
        [ValidateRange(1, 1000000)]
        public int BatchSize { get; set; } = MigrationOptions.DefaultBatchSize;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RejectPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JobName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!Target.Can(EndpointCapabilities.Insert))
            {
                ThrowTerminating(new ErpSyncException(ErrorIds.EndpointReadOnly, $"The {Target.Describe()} cannot be written, so it cannot be a migration target.", kind: ErrorKind.InvalidArgument), Target);
            }

            var sourceName = ParameterSetName == EndpointSet ? Source.Name : "pipeline";
            var jobName = JobName ?? $"migrate:{sourceName}->{Target.Name}";
            var whatIf = false;
            var action = Mode == MigrationMode.Replace
                ? $"Delete every record, then migrate the records of {sourceName} ({Mode} mode)"
                : $"Migrate the records of {sourceName} ({Mode} mode)";
            if (!ShouldProcess($"{action} into the {Target.Describe()}.", $"{action} into the {Target.Describe()}?", "Invoke-ErpMigration", out var reason))
            {
                if (reason != ShouldProcessReason.WhatIf)
                {
                    skipped = true;
                    return;
                }

                whatIf = true;
            }

            if (Mode == MigrationMode.Replace && !whatIf && !ConfirmReplace())
            {
                skipped = true;
                return;
            }

            var options = new MigrationOptions(jobName)
            {
                Mode = Mode,
                BatchSize = BatchSize,
                WhatIf = whatIf,
                RejectPath = RejectPath == null ? null : GetUnresolvedProviderPathFromPSPath(RejectPath),
                ReportChanges = PassThru,
            };
            if (!whatIf)
            {
                store = RunEngine(() => StateStore.Open(ResolveStatePath(StatePath)));
            }

            engine = new MigrationEngine(Target, options, store);
            engine.Verbose += message => Safely(() => WriteVerbose(message));
            engine.Rejected += error => Safely(() => WriteRecordError(error));
            engine.Changed += change => Safely(() => WriteObject(change));
            engine.Progress += progress => Safely(() => WriteProgress(ProgressRecord(progress)));
            activity = $"Migrating into {Target.Name}";

            if (ParameterSetName == PipelineSet)
            {
                converter = new RecordConverter(Target.Builder);
                RunEngine(() => engine.Begin("pipeline input", null, CancellationToken));
            }
        }

        protected override void ProcessRecord()
        {
            if (engine == null || ParameterSetName != PipelineSet)
            {
                return;
            }

            // The pipeline was stopped; passing that on stops the commands before this one.
            if (PipelineStop != null)
            {
                throw PipelineStop;
            }

            foreach (var input in InputObject)
            {
                var item = converter!.Convert(input);
                RunEngine(() => engine.Add(item));
            }
        }

        protected override void EndProcessing()
        {
            if (skipped || engine == null)
            {
                return;
            }

            ErpMigrationResult result;
            if (ParameterSetName == EndpointSet)
            {
                var count = RunEngine(() => Source.CountRecords(CancellationToken));
                result = RunEngine(() => engine.Run(Source, count, CancellationToken));
            }
            else
            {
                result = RunEngine(() => CancellationToken.IsCancellationRequested ? engine.Stop() : engine.Complete());
            }

            WriteProgress(new ProgressRecord(ProgressActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            WriteObject(result);
        }

        /// <summary>Ends a run that PowerShell stopped (Ctrl+C) or that failed before EndProcessing.</summary>
        public void Dispose()
        {
            if (engine != null)
            {
                if (CancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        engine.Stop();
                    }
                    catch (Exception ex) when (ex is ErpSyncException || ex is InvalidOperationException)
                    {
                        // Stop already marked the run Failed; the error has nowhere to go while the pipeline stops.
                    }
                }

                engine.Dispose();
                engine = null;
            }

            store?.Dispose();
            store = null;
        }

        /// <summary>Requests confirmation before Replace mode empties the target, unless -Confirm:$false was given or $ConfirmPreference is None.</summary>
        private bool ConfirmReplace()
        {
            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && confirm is SwitchParameter)
            {
                // -Confirm:$true already prompted through ShouldProcess; -Confirm:$false opts out.
                return true;
            }

            if (GetVariableValue("ConfirmPreference") is ConfirmImpact preference && preference == ConfirmImpact.None)
            {
                return true;
            }

            return ShouldContinue(
                $"Replace mode deletes every record of the {Target.Describe()} before the migration writes. Continue?",
                "Empty the migration target");
        }

        private ProgressRecord ProgressRecord(MigrationProgress progress)
        {
            var total = progress.Total != null ? $" of {progress.Total}" : string.Empty;
            return new ProgressRecord(ProgressActivityId, activity, $"Read {progress.Read}{total} records, wrote {progress.Written}")
            {
                PercentComplete = progress.Percent ?? -1,
            };
        }

        /// <summary>Writes to a PowerShell stream, dropping the output when the pipeline is stopping.</summary>
        /// <summary>
        /// Runs a write to the pipeline from an engine event. When the pipeline is stopped, by Ctrl+C or
        /// by a command after this one that needs no more input (Select-Object -First), the run stops
        /// after the current batch and ends as Stopped in the state store.
        /// </summary>
        private void Safely(Action write)
        {
            try
            {
                write();
            }
            catch (PipelineStoppedException ex)
            {
                NotePipelineStop(ex);
            }
        }
    }
}
