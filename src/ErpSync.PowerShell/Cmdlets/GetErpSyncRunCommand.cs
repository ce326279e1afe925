using System.Management.Automation;
using ErpSync.Core.State;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Lists the runs recorded in the state store, newest first.</summary>
    [Cmdlet(VerbsCommon.Get, "ErpSyncRun")]
    [OutputType(typeof(RunRecord))]
    public sealed class GetErpSyncRunCommand : ErpSyncCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? JobName { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Last { get; set; } = 20;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        protected override void EndProcessing()
        {
            using var store = RunEngine(() => StateStore.Open(ResolveStatePath(StatePath)));
            var runs = RunEngine(() => new RunLog(store).List(JobName, Last));
            WriteVerbose($"Found {runs.Count} runs{(JobName != null ? $" of job '{JobName}'" : string.Empty)} in the state store '{store.Path}'.");
            foreach (var run in runs)
            {
                WriteObject(run);
            }
        }
    }
}
