using System.Management.Automation;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.Core.State;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Lists broadcast changes that a target rejected on every attempt.</summary>
    [Cmdlet(VerbsCommon.Get, "ErpDeadLetter")]
    [OutputType(typeof(DeadLetter))]
    public sealed class GetErpDeadLetterCommand : ErpSyncCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? JobName { get; set; }

        /// <summary>The target endpoint's name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Target { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        protected override void EndProcessing()
        {
            var path = ResolveStatePath(StatePath);
            var letters = RunEngine(() =>
            {
                using var store = StateStore.Open(path);
                return BroadcastState.ListDeadLetters(store, JobName, Target);
            });
            WriteVerbose($"Found {letters.Count} dead letter(s).");
            foreach (var letter in letters)
            {
                WriteObject(letter);
            }
        }
    }
}
