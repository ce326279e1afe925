using System.Management.Automation;
using ErpSync.Core.Patterns.Synchronization;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Keeps the records of the keys that both endpoints have equal. It never creates or deletes, and counts the keys that only one side has.</summary>
    [Cmdlet(VerbsData.Sync, "Correlated", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ErpSyncResult), typeof(ErpSyncChange))]
    public sealed class SyncCorrelatedCommand : SyncCommandBase
    {
        protected override SyncMode Mode => SyncMode.Correlation;
    }
}
