using System.Management.Automation;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;
using ErpSync.PowerShell.Records;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Deletes records from an endpoint by key; input needs only the key fields.</summary>
    [Cmdlet(VerbsCommon.Remove, "ErpRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ErpWriteSummary))]
    public sealed class RemoveErpRecordCommand : RecordWriteCommand
    {
        protected override string Action => "Delete";

        protected override WriteOperation CreateOperation(ErpRecord record) => WriteOperation.Delete(record.Key);
    }
}
