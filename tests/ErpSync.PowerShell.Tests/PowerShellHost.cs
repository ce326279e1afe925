using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ErpSync.PowerShell;

namespace ErpSync.PowerShell.Tests;

/// <summary>
/// In-process PowerShell session with the ErpSync cmdlets imported from the assembly that this
/// test project builds. One runspace lives as long as the host, so variables and module state
/// carry over between <see cref="Run"/> calls. Not thread-safe: use one host per test.
/// </summary>
/// <remarks>
/// The module is imported from ErpSync.PowerShell.dll, not from the manifest in module/ErpSync,
/// so the format and types files are not loaded. Native SQLite comes from this project's
/// runtimes/ folder through the usual deps.json probing.
/// </remarks>
public sealed class PowerShellHost : IDisposable
{
    private readonly Runspace runspace;

    public PowerShellHost()
    {
        InitialSessionState sessionState = InitialSessionState.CreateDefault2();
        sessionState.Assemblies.Add(new SessionStateAssemblyEntry(typeof(ErpSync.Core.Records.ErpRecord).Assembly.FullName, typeof(ErpSync.Core.Records.ErpRecord).Assembly.Location));
        sessionState.Assemblies.Add(new SessionStateAssemblyEntry(typeof(ErpSyncModuleInitializer).Assembly.FullName, ModuleAssemblyPath));
        sessionState.ImportPSModule(new[] { ModuleAssemblyPath });

        // The type file registers the record adapter and the format files give the default views.
        // The module manifest loads both for a user; here they come from their sources in module/ErpSync.
        string moduleFolder = Path.Combine(RepositoryRoot, "module", "ErpSync");
        foreach (string typeFile in Directory.GetFiles(moduleFolder, "*.types.ps1xml"))
        {
            sessionState.Types.Add(new SessionStateTypeEntry(typeFile));
        }

        foreach (string formatFile in Directory.GetFiles(moduleFolder, "*.format.ps1xml"))
        {
            sessionState.Formats.Add(new SessionStateFormatEntry(formatFile));
        }

        runspace = RunspaceFactory.CreateRunspace(sessionState);
        runspace.Open();
    }

    /// <summary>The folder that contains ErpSync.PowerShell.sln, found upwards from the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            string? folder = AppContext.BaseDirectory;
            while (folder != null && !File.Exists(Path.Combine(folder, "ErpSync.PowerShell.sln")))
            {
                folder = Path.GetDirectoryName(folder);
            }

            return folder ?? throw new InvalidOperationException("ErpSync.PowerShell.sln was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Path of the ErpSync.PowerShell.dll that the host imports.</summary>
    public static string ModuleAssemblyPath => typeof(ErpSyncModuleInitializer).Assembly.Location;

    /// <summary>
    /// Runs a script and collects its output and error records. A terminating error does not
    /// throw: it is the last entry of <see cref="PowerShellResult.Errors"/> and sets
    /// <see cref="PowerShellResult.TerminatingError"/>.
    /// </summary>
    /// <param name="script">PowerShell script text.</param>
    /// <param name="variables">Variables to set in the session before the script runs.</param>
    public PowerShellResult Run(string script, IReadOnlyDictionary<string, object?>? variables = null)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = runspace;

        if (variables != null)
        {
            foreach (KeyValuePair<string, object?> variable in variables)
            {
                runspace.SessionStateProxy.SetVariable(variable.Key, variable.Value);
            }
        }

        shell.AddScript(script);
        // Invoke(input, output) keeps the objects written before a terminating error.
        var output = new PSDataCollection<PSObject>();
        RuntimeException? terminatingError = null;
        try
        {
            shell.Invoke<PSObject, PSObject>(null, output, null);
        }
        catch (RuntimeException exception)
        {
            terminatingError = exception;
        }

        List<ErrorRecord> errors = shell.Streams.Error.ToList();
        if (terminatingError != null)
        {
            errors.Add(terminatingError.ErrorRecord);
        }

        return new PowerShellResult(
            output.ToList(),
            errors,
            shell.Streams.Warning.Select(record => record.Message).ToList(),
            terminatingError);
    }

    public void Dispose()
    {
        runspace.Dispose();
    }
}

/// <summary>Output, error records and warnings of one <see cref="PowerShellHost.Run"/> call.</summary>
public sealed record PowerShellResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    RuntimeException? TerminatingError)
{
    public bool HadErrors => Errors.Count > 0;

    /// <summary>
    /// Returns the output objects unwrapped from their PSObject and cast to T. A $null written
    /// by the script comes back as default(T).
    /// </summary>
    public IReadOnlyList<T> OutputOf<T>() => Output.Select(item => item == null ? default! : (T)item.BaseObject).ToList();

    /// <summary>Returns the error messages, one line each, for assertion messages.</summary>
    public string ErrorText => string.Join(Environment.NewLine, Errors.Select(error => error.ToString()));
}
