using System;
using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Patterns.Aggregation;
using ErpSync.Core.Records;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Merges several sources into one record per key and writes the aggregates that changed to a target.</summary>
    [Cmdlet(VerbsData.Merge, "Aggregate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ErpAggregateResult), typeof(ErpAggregateChange), typeof(ErpRecord))]
    public sealed class MergeAggregateCommand : ErpSyncCmdlet
    {
        private const int ActivityId = 6;
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
        private readonly Stopwatch progressClock = new Stopwatch();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public Endpoint[] Source { get; set; } = null!;

        [Parameter(Position = 1)]
        [ValidateNotNull]
        public Endpoint? Target { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Precedence { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable? Rule { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable? KeyPrefix { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JobName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        [Parameter]
        [ValidateRange(1, 1000000)]
        public int BatchSize { get; set; } = AggregationOptions.DefaultBatchSize;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        public SwitchParameter PropagateDeletes { get; set; }

        protected override void EndProcessing()
        {
            var options = RunEngine(CreateOptions);
            var engine = RunEngine(() => new AggregationEngine(options));
            engine.Verbose += WriteVerbose;
            engine.Progress += ReportProgress;
            engine.RecordFailed += WriteRecordError;
            engine.Merged += record => WriteFromEngine(record);
            if (PassThru)
            {
                engine.Changed += change => WriteFromEngine(change);
            }

            if (Target != null)
            {
                var targetText = $"in the {Target.Describe()}";
                engine.ConfirmWrite = change => ShouldProcess($"{Target.Schema.Name} '{change.Key}' {targetText}", WriteVerb(change.Action));
            }

            WriteVerbose($"Job '{engine.JobName}': merging {Source.Length} sources into {(Target == null ? "the pipeline" : Target.Describe())}.");
            progressClock.Start();
            var result = RunEngine(() => engine.Run(CancellationToken));
            WriteProgress(new ProgressRecord(ActivityId, "Merge-Aggregate", "Done") { RecordType = ProgressRecordType.Completed });
            if (result.Disagreements > 0 && KeyPrefix == null)
            {
                // Sources that disagree on many fields of one key are often different records that share a
                // key, such as order 1001 of two shops, which precedence would silently fuse into one.
                WriteWarning($"The sources disagreed on {result.Disagreements} field values, and precedence chose one value each time (-Verbose names them). If the sources number their records independently, keep them apart with -KeyPrefix.");
            }

            if (Target == null)
            {
                WriteVerbose($"Merged {result.Keys} keys from {result.Read} records; {result.Disagreements} disagreements, {result.Rejected} rejected.");
                return;
            }

            WriteObject(result);
        }

        private AggregationOptions CreateOptions()
        {
            var options = new AggregationOptions(Source)
            {
                Target = Target,
                Precedence = Precedence ?? Array.Empty<string>(),
                JobName = JobName,
                StatePath = ResolveStatePath(StatePath),
                PropagateDeletes = PropagateDeletes,
                WhatIf = Target != null && MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf) && ((SwitchParameter)whatIf).IsPresent,
                BatchSize = BatchSize,
            };
            foreach (DictionaryEntry entry in Rule ?? new Hashtable())
            {
                var field = entry.Key.ToString()!;
                options.Rules[field] = AggregationOptions.ParseRule(field, entry.Value?.ToString());
            }

            foreach (DictionaryEntry entry in KeyPrefix ?? new Hashtable())
            {
                options.KeyPrefixes[entry.Key.ToString()!] = entry.Value?.ToString() ?? string.Empty;
            }

            return options;
        }

        private static string WriteVerb(AggregateAction action) => action switch
        {
            AggregateAction.Created => "Create",
            AggregateAction.Deleted => "Delete",
            _ => "Update",
        };

        private void ReportProgress(AggregationProgress progress)
        {
            if (progressClock.Elapsed < ProgressInterval)
            {
                return;
            }

            progressClock.Restart();
            var record = new ProgressRecord(ActivityId, "Merge-Aggregate", $"{progress.Status}: {progress.Completed} records");
            if (progress.Total is long total && total > 0)
            {
                record.PercentComplete = (int)Math.Min(100, progress.Completed * 100 / total);
            }

            WriteProgress(record);
        }
    }
}
