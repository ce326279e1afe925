using System.Management.Automation;
using ErpSync.Core.Patterns.Synchronization;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Synchronises two endpoints both ways against the baseline of the last run: creates, updates and, on request, deletes.</summary>
    [Cmdlet(VerbsData.Sync, "Bidirectional", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ErpSyncResult), typeof(ErpSyncChange))]
    public sealed class SyncBidirectionalCommand : SyncCommandBase
    {
        [Parameter]
        public SwitchParameter PropagateDeletes { get; set; }

        [Parameter]
        [ValidateRange(0, 100)]
        public double MaxDeletePercent { get; set; } = 50;

        protected override SyncMode Mode => SyncMode.Bidirectional;

        protected override void Configure(SyncOptions options)
        {
            options.PropagateDeletes = PropagateDeletes;
            options.MaxDeletePercent = MaxDeletePercent;
        }
    }
}
