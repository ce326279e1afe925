using System.Management.Automation;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.State;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Forgets a sync job's baselines, id map and conflicts, so its next run compares both sides as if for the first time.</summary>
    [Cmdlet(VerbsCommon.Reset, "ErpSyncState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class ResetErpSyncStateCommand : ErpSyncCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string JobName { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        protected override void EndProcessing()
        {
            if (!ShouldProcess(JobName, "Forget the baselines, id map and conflicts of the sync job"))
            {
                return;
            }

            var removed = RunEngine(() =>
            {
                using var store = StateStore.Open(ResolveStatePath(StatePath));
                return SyncJobState.Reset(store, JobName);
            });
            WriteVerbose($"Removed {removed.Baselines} baselines, {removed.IdMap} id map entries and {removed.Conflicts} conflicts of job '{JobName}'.");
        }
    }
}
