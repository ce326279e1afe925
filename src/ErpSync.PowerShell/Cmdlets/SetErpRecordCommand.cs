using System.Management.Automation;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;
using ErpSync.PowerShell.Records;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Inserts or updates records in an endpoint, matched by the endpoint's key.</summary>
    [Cmdlet(VerbsCommon.Set, "ErpRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ErpWriteSummary))]
    public sealed class SetErpRecordCommand : RecordWriteCommand
    {
        protected override string Action => "Upsert";

        protected override WriteOperation CreateOperation(ErpRecord record) => WriteOperation.Upsert(record);
    }
}
