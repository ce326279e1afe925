using System.Collections.Generic;
using System.Management.Automation;
using ErpSync.Core.Endpoints;
using ErpSync.PowerShell.Records;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>The shared part of Set-ErpRecord and Remove-ErpRecord: pipeline input, batches, -WhatIf per record, one summary.</summary>
    public abstract class RecordWriteCommand : ErpSyncCmdlet
    {
        private WriteSession? session;
        private RecordConverter? converter;
        private readonly ErpWriteSummary summary = new ErpWriteSummary();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public Endpoint Endpoint { get; set; } = null!;

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public object?[] InputObject { get; set; } = null!;

        [Parameter]
        [ValidateRange(1, 1000000)]
        public int BatchSize { get; set; } = 500;

        protected abstract string Action { get; }

        protected abstract WriteOperation CreateOperation(Core.Records.ErpRecord record);

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            converter = new RecordConverter(Endpoint.Builder);
        }

        protected override void ProcessRecord()
        {
            foreach (var input in InputObject)
            {
                var item = converter!.Convert(input);
                if (item.Error != null)
                {
                    summary.Failed++;
                    WriteRecordError(item.Error);
                    continue;
                }

                var record = item.Record!;
                if (!ShouldProcess($"{record.Entity} '{record.Key}' in {Endpoint.Describe()}", Action))
                {
                    continue;
                }

                session ??= RunEngine(() => new WriteSession(Endpoint, BatchSize));
                Report(RunEngine(() => session.Add(CreateOperation(record), CancellationToken)));
            }
        }

        protected override void EndProcessing()
        {
            if (session != null)
            {
                Report(RunEngine(() => session.Complete(CancellationToken)));
                session.Dispose();
                session = null;
            }

            summary.Endpoint = Endpoint.Name;
            WriteVerbose($"{Action}: {summary.Created} created, {summary.Updated} updated, {summary.Deleted} deleted, {summary.NotFound} not found, {summary.Failed} failed in the {Endpoint.Describe()}.");
            WriteObject(summary);
        }

        private void Report(IReadOnlyList<WriteOutcome> outcomes)
        {
            foreach (var outcome in outcomes)
            {
                switch (outcome.Result)
                {
                    case WriteResultKind.Created:
                        summary.Created++;
                        break;
                    case WriteResultKind.Updated:
                        summary.Updated++;
                        break;
                    case WriteResultKind.Deleted:
                        summary.Deleted++;
                        break;
                    case WriteResultKind.NotFound:
                        summary.NotFound++;
                        break;
                    default:
                        summary.Failed++;
                        WriteRecordError(outcome.Error!);
                        break;
                }
            }
        }
    }
}
