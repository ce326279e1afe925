using System.Management.Automation;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.State;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Lists the conflicts that the Manual policy stored and that no run has applied yet.</summary>
    [Cmdlet(VerbsCommon.Get, "ErpConflict")]
    [OutputType(typeof(ErpConflict))]
    public sealed class GetErpConflictCommand : ErpSyncCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? JobName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        /// <summary>Adds the conflicts whose resolution a run already applied.</summary>
        [Parameter]
        public SwitchParameter IncludeApplied { get; set; }

        protected override void EndProcessing()
        {
            var conflicts = RunEngine(() =>
            {
                using var store = StateStore.Open(ResolveStatePath(StatePath));
                return new ConflictStore(store).List(JobName, IncludeApplied);
            });
            foreach (var conflict in conflicts)
            {
                WriteObject(conflict);
            }
        }
    }
}
