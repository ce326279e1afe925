using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ErpSync.PowerShell.Cmdlets;

namespace ErpSync.PowerShell.Tests.Migration
{
    /// <summary>The output, errors and verbose messages of one script run in a runspace with the ErpSync cmdlets imported.</summary>
    internal sealed class ScriptRun
    {
        private ScriptRun(IReadOnlyList<PSObject> output, IReadOnlyList<ErrorRecord> errors, IReadOnlyList<string> verbose)
        {
            Output = output;
            Errors = errors;
            Verbose = verbose;
        }

        public IReadOnlyList<PSObject> Output { get; }

        public IReadOnlyList<ErrorRecord> Errors { get; }

        public IReadOnlyList<string> Verbose { get; }

        /// <summary>Runs the script with the variables set; a terminating error lands in <see cref="Errors"/>.</summary>
        public static ScriptRun Invoke(string script, IDictionary<string, object?>? variables = null)
        {
            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { typeof(InvokeErpMigrationCommand).Assembly.Location });
            using var runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            foreach (var variable in variables ?? new Dictionary<string, object?>())
            {
                runspace.SessionStateProxy.SetVariable(variable.Key, variable.Value);
            }

            using var shell = System.Management.Automation.PowerShell.Create();
            shell.Runspace = runspace;
            shell.AddScript(script);
            var errors = new List<ErrorRecord>();
            Collection<PSObject> output;
            try
            {
                output = shell.Invoke();
            }
            catch (RuntimeException ex)
            {
                output = new Collection<PSObject>();
                errors.Add(ex.ErrorRecord);
            }

            errors.InsertRange(0, shell.Streams.Error);
            return new ScriptRun(output.ToList(), errors, shell.Streams.Verbose.Select(v => v.Message).ToList());
        }
    }
}
