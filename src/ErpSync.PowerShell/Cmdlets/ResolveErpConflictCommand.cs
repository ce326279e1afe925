using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;
using ErpSync.Core.State;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Records the choice for a stored conflict; the next run of the job writes it to the sides.</summary>
    [Cmdlet(VerbsDiagnostic.Resolve, "ErpConflict", SupportsShouldProcess = true)]
    [OutputType(typeof(ErpConflict))]
    public sealed class ResolveErpConflictCommand : ErpSyncCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ErpConflict Conflict { get; set; } = null!;

        [Parameter(Mandatory = true)]
        public ConflictChoice Use { get; set; }

        /// <summary>The values for Merged: a record, a hashtable or any object whose properties name fields.</summary>
        [Parameter]
        [ValidateNotNull]
        public PSObject? Record { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatePath { get; set; }

        protected override void ProcessRecord()
        {
            if (Use != ConflictChoice.Merged && Record != null)
            {
                ThrowTerminating(new Core.ErpSyncException(
                    Core.ErrorIds.ConflictRecordMissing,
                    $"-Record is only used with -Use Merged; with -Use {Use} the {Use.ToString().ToLowerInvariant()} values are written.",
                    kind: Core.ErrorKind.InvalidArgument));
            }

            var merged = Use == ConflictChoice.Merged && Record != null ? Values(Record) : null;
            if (!ShouldProcess(Conflict.Key, $"Resolve the conflict {Conflict.ConflictId} of job '{Conflict.JobName}' with {Use}"))
            {
                return;
            }

            var resolved = RunEngine(() =>
            {
                using var store = StateStore.Open(ResolveStatePath(StatePath));
                return new ConflictStore(store).Resolve(Conflict.ConflictId, Use, merged);
            }, Conflict);
            WriteVerbose($"The choice {Use} for key '{Conflict.Key}' is recorded; the next run of job '{Conflict.JobName}' writes it.");
            WriteObject(resolved);
        }

        /// <summary>Reads the conflict's fields from the record; a field the record lacks keeps the left value.</summary>
        private IDictionary<string, string?> Values(PSObject record)
        {
            var values = new Dictionary<string, string?>(Conflict.Left, StringComparer.OrdinalIgnoreCase);
            foreach (var field in Conflict.Left.Keys)
            {
                object? value;
                if (record.BaseObject is ErpRecord erpRecord)
                {
                    if (!erpRecord.Fields.TryGet(field, out value))
                    {
                        continue;
                    }
                }
                else if (record.BaseObject is IDictionary dictionary)
                {
                    if (!dictionary.Contains(field))
                    {
                        continue;
                    }

                    value = dictionary[field];
                }
                else
                {
                    var property = record.Properties[field];
                    if (property == null)
                    {
                        continue;
                    }

                    value = property.Value;
                }

                values[field] = FieldValue(value);
            }

            return values;
        }

        private static string? FieldValue(object? value)
        {
            var unwrapped = value is PSObject wrapped ? wrapped.BaseObject : value;
            var text = CanonicalValue.Of(unwrapped);
            return text == CanonicalValue.Null ? null : text;
        }
    }
}
