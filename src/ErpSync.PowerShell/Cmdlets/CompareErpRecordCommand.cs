using System;
using System.Collections.Generic;
using System.Management.Automation;
using ErpSync.Core.Comparison;
using ErpSync.Core.Endpoints;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Compares the records of two endpoints by key and returns one object per key that differs.</summary>
    [Cmdlet(VerbsData.Compare, "ErpRecord")]
    [OutputType(typeof(ErpRecordComparison))]
    public sealed class CompareErpRecordCommand : ErpSyncCmdlet
    {
        private const string Activity = "Comparing records";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public Endpoint Reference { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNull]
        public Endpoint Difference { get; set; } = null!;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Field { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ExcludeField { get; set; }

        [Parameter]
        public SwitchParameter IncludeEqual { get; set; }

        protected override void EndProcessing()
        {
            var comparer = new RecordComparer(Reference, Difference)
            {
                Fields = Field == null ? null : new HashSet<string>(Field, StringComparer.OrdinalIgnoreCase),
                IncludeEqual = IncludeEqual,
            };
            foreach (var name in ExcludeField ?? Array.Empty<string>())
            {
                comparer.ExcludedFields.Add(name);
            }

            var progress = new ProgressRecord(1, Activity, $"Reading {Reference.Describe()} and {Difference.Describe()}");
            comparer.Message += message =>
            {
                WriteVerbose(message);
                progress.StatusDescription = message;
                WriteProgress(progress);
            };
            comparer.RecordFailed += WriteRecordError;

            WriteProgress(progress);
            var counts = new Dictionary<RecordComparisonStatus, int>();
            RunEngine(() =>
            {
                foreach (var result in comparer.Compare(CancellationToken))
                {
                    counts[result.Status] = counts.TryGetValue(result.Status, out var count) ? count + 1 : 1;
                    WriteObject(result);
                }
            });

            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
            WriteVerbose($"Compared {Reference.Name} with {Difference.Name}: {Count(counts, RecordComparisonStatus.Different)} different, {Count(counts, RecordComparisonStatus.OnlyReference)} only in {Reference.Name}, {Count(counts, RecordComparisonStatus.OnlyDifference)} only in {Difference.Name}.");
        }

        private static int Count(Dictionary<RecordComparisonStatus, int> counts, RecordComparisonStatus status) =>
            counts.TryGetValue(status, out var count) ? count : 0;
    }
}
