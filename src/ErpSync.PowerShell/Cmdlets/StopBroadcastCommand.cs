using System;
using System.Linq;
using System.Management.Automation;
using ErpSync.Core;
using ErpSync.PowerShell.Broadcast;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Stops broadcast jobs of this session by name or from the pipeline; each finishes its current batch first.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "Broadcast", SupportsShouldProcess = true, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(BroadcastJob))]
    public sealed class StopBroadcastCommand : ErpSyncCmdlet
    {
        private const string NameSet = "Name";
        private const string JobObjectSet = "Job";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string[] JobName { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = JobObjectSet)]
        [ValidateNotNull]
        public BroadcastJob[] Job { get; set; } = Array.Empty<BroadcastJob>();

        /// <summary>Writes each stopped job to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == JobObjectSet)
            {
                foreach (var job in Job)
                {
                    Stop(job);
                }

                return;
            }

            foreach (var name in JobName)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var matches = JobRepository.Jobs.OfType<BroadcastJob>().Where(j => pattern.IsMatch(j.JobName)).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    var exception = new ErpSyncException(
                        ErrorIds.BroadcastJobNotFound,
                        $"No broadcast job named '{name}' runs in this session. List them with Get-Job | Where-Object PSJobTypeName -eq BroadcastJob.",
                        kind: ErrorKind.ObjectNotFound);
                    WriteError(new ErrorRecord(exception, exception.ErrorId, ErrorCategory.ObjectNotFound, name));
                    continue;
                }

                foreach (var job in matches)
                {
                    Stop(job);
                }
            }
        }

        private void Stop(BroadcastJob job)
        {
            if (!ShouldProcess($"broadcast job '{job.JobName}' (id {job.Id})", "Stop"))
            {
                return;
            }

            WriteVerbose($"Stopping broadcast job '{job.JobName}' after its current batch.");
            job.StopJob();
            WriteVerbose($"Broadcast job '{job.JobName}' is {job.JobStateInfo.State} after {job.Cycles} cycle(s).");
            if (PassThru)
            {
                WriteObject(job);
            }
        }
    }
}
