using System.Management.Automation;
using ErpSync.Core.Patterns.Synchronization;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Keeps the keys that both endpoints hold equal; never creates or deletes, and counts the keys one side holds alone.</summary>
    [Cmdlet(VerbsData.Sync, "Correlated", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ErpSyncResult), typeof(ErpSyncChange))]
    public sealed class SyncCorrelatedCommand : SyncCommandBase
    {
        protected override SyncMode Mode => SyncMode.Correlation;
    }
}
