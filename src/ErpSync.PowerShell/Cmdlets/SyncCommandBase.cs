using System;
using System.Management.Automation;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.State;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>The parameters and the run shared by Sync-Bidirectional and Sync-Correlated.</summary>
    public abstract class SyncCommandBase : ErpSyncCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public Endpoint Left { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNull]
        public Endpoint Right { get; set; } = null!;

        [Parameter]
        public ConflictPolicy ConflictPolicy { get; set; } = ConflictPolicy.Manual;

        [Parameter]
        public FieldConflictPolicy FieldConflictPolicy { get; set; } = FieldConflictPolicy.LeftWins;

        [Parameter]
        [ValidateSet("Left", "Right")]
        public string TieBreaker { get; set; } = "Left";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] ExcludeField { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JobName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        [Parameter]
        [ValidateRange(1, 100000)]
        public int BatchSize { get; set; } = 500;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected abstract SyncMode Mode { get; }

        protected virtual void Configure(SyncOptions options)
        {
        }

        protected override void EndProcessing()
        {
            var options = new SyncOptions
            {
                Mode = Mode,
                JobName = JobName,
                ConflictPolicy = ConflictPolicy,
                FieldConflictPolicy = FieldConflictPolicy,
                TieBreaker = TieBreaker == "Right" ? SyncSide.Right : SyncSide.Left,
                BatchSize = BatchSize,
                WhatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf) && ((SwitchParameter)whatIf).IsPresent,
            };
            foreach (var field in ExcludeField)
            {
                options.ExcludedFields.Add(field);
            }

            Configure(options);
            var activity = $"{MyInvocation.MyCommand.Name} {Left.Name} <-> {Right.Name}";
            options.ConfirmWrite = change => ShouldProcess(change.Key, Describe(change));
            options.Changed = change =>
            {
                if (PassThru)
                {
                    WriteFromEngine(change);
                }
            };
            options.RecordFailed = WriteRecordError;
            options.Log = WriteVerbose;
            options.Progress = (status, percent) => WriteProgress(new ProgressRecord(1, activity, status) { PercentComplete = percent ?? -1 });

            var result = RunEngine(() =>
            {
                using var store = StateStore.Open(ResolveStatePath(StatePath));
                return new SyncEngine(Left, Right, store, options).Run(CancellationToken);
            });
            WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
            WriteObject(result);
        }

        private string Describe(ErpSyncChange change)
        {
            var endpoint = change.Side == SyncSide.Left ? Left : Right;
            var fields = change.ChangedFields.Count > 0 ? " (fields: " + string.Join(", ", change.ChangedFields) + ")" : string.Empty;
            var verb = change.Action switch
            {
                SyncAction.Created => "Create",
                SyncAction.Deleted => "Delete",
                SyncAction.Conflict => "Update after a conflict",
                _ => "Update",
            };
            return $"{verb} on {endpoint.Describe()}{fields}";
        }
    }
}
