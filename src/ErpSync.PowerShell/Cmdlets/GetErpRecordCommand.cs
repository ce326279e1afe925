using System;
using System.Management.Automation;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Streams the records of an endpoint; rows that cannot be read are non-terminating errors.</summary>
    [Cmdlet(VerbsCommon.Get, "ErpRecord")]
    [OutputType(typeof(ErpRecord))]
    public sealed class GetErpRecordCommand : ErpSyncCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Endpoint Endpoint { get; set; } = null!;

        /// <summary>Reads only records modified at or after this time; needs the endpoint's -ModifiedField.</summary>
        [Parameter]
        public DateTimeOffset? Since { get; set; }

        protected override void ProcessRecord()
        {
            if (Since != null && Endpoint.Options.ModifiedField == null)
            {
                ThrowTerminating(new Core.ErpSyncException(
                    Core.ErrorIds.EndpointInvalid,
                    $"The {Endpoint.Describe()} has no modification field, so -Since cannot filter it. Create the endpoint with -ModifiedField.",
                    kind: Core.ErrorKind.InvalidArgument));
            }

            long read = 0;
            long failed = 0;
            RunEngine(() =>
            {
                foreach (var item in Endpoint.Read(Since, CancellationToken))
                {
                    if (item.Error != null)
                    {
                        failed++;
                        WriteRecordError(item.Error);
                        continue;
                    }

                    read++;
                    WriteObject(item.Record);
                }
            });
            WriteVerbose($"Read {read} records from the {Endpoint.Describe()}; {failed} rows failed.");
        }
    }
}
