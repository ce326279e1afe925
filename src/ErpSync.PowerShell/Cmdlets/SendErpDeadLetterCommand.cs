using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ErpSync.Core;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.Core.State;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>
    /// Sends dead letters again, from their outbox payload, to the target endpoints given; a letter
    /// that succeeds leaves the list. Without pipeline input, every dead letter of the job for those
    /// targets is sent.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "ErpDeadLetter", SupportsShouldProcess = true, DefaultParameterSetName = JobSet)]
    [OutputType(typeof(DeadLetterResult))]
    public sealed class SendErpDeadLetterCommand : ErpSyncCmdlet
    {
        private const string JobSet = "Job";
        private const string LetterSet = "Letter";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = JobSet)]
        [ValidateNotNullOrEmpty]
        public string JobName { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = LetterSet)]
        [ValidateNotNull]
        public DeadLetter[] InputObject { get; set; } = Array.Empty<DeadLetter>();

        /// <summary>The endpoints to deliver to, matched to dead letters by endpoint name.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public Endpoint[] Target { get; set; } = Array.Empty<Endpoint>();

        /// <summary>The broadcast's source endpoint, whose schema restores the payload's field types; the target's schema otherwise.</summary>
        [Parameter]
        public Endpoint? Source { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        private StateStore? store;
        private readonly Dictionary<string, Endpoint> targets = new Dictionary<string, Endpoint>(StringComparer.OrdinalIgnoreCase);

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            foreach (var endpoint in Target)
            {
                targets[endpoint.Name] = endpoint;
            }

            var path = ResolveStatePath(StatePath);
            store = RunEngine(() => StateStore.Open(path));
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != LetterSet)
            {
                return;
            }

            foreach (var letter in InputObject)
            {
                Send(letter);
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == JobSet)
            {
                var letters = BroadcastState.ListDeadLetters(store!, JobName, null).Where(l => targets.ContainsKey(l.Target)).ToList();
                WriteVerbose($"Job '{JobName}' has {letters.Count} dead letter(s) for the targets {string.Join(", ", targets.Keys)}.");
                foreach (var letter in letters)
                {
                    Send(letter);
                }
            }

            store?.Dispose();
        }

        private void Send(DeadLetter letter)
        {
            if (!targets.TryGetValue(letter.Target, out var target))
            {
                var missing = new ErpSyncException(
                    ErrorIds.DeadLetterNotSent,
                    $"The dead letter {letter.Sequence} (key '{letter.Key}') is for target '{letter.Target}', and no endpoint of that name was passed to -Target.",
                    kind: ErrorKind.InvalidArgument);
                WriteError(new ErrorRecord(missing, missing.ErrorId, ErrorCategory.InvalidArgument, letter));
                return;
            }

            if (!ShouldProcess($"key '{letter.Key}' on target '{target.Name}'", "Send dead letter"))
            {
                return;
            }

            var result = RunEngine(() => new DeadLetterSender(store!, Source).Send(letter, target), letter);
            WriteVerbose($"Dead letter {letter.Sequence} (key '{letter.Key}') to '{target.Name}': {result.Status}.");
            if (result.Status == DeadLetterStatus.Failed)
            {
                var failed = new ErpSyncException(
                    ErrorIds.DeadLetterNotSent,
                    $"The dead letter {letter.Sequence} (key '{letter.Key}') could not be sent to target '{target.Name}': {result.Error} It stays in the list.",
                    kind: ErrorKind.WriteError);
                WriteError(new ErrorRecord(failed, failed.ErrorId, ErrorCategory.WriteError, letter));
            }

            WriteObject(result);
        }
    }
}
