using System.Linq;
using System.Management.Automation;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.PowerShell.Tests;

public class PowerShellHostTests
{
    [Fact]
    public void Host_ImportsModuleAsBinaryModule()
    {
        using var host = new PowerShellHost();

        PowerShellResult result = host.Run("Get-Module -Name ErpSync.PowerShell");

        Assert.False(result.HadErrors, result.ErrorText);
        PSModuleInfo module = Assert.Single(result.OutputOf<PSModuleInfo>());
        Assert.Equal(ModuleType.Binary, module.ModuleType);
        Assert.Equal(PowerShellHost.ModuleAssemblyPath, module.Path);
    }

    [Fact]
    public void Host_ExportsEveryCmdletClass()
    {
        string[] expected = typeof(ErpSyncModuleInitializer).Assembly.GetTypes()
            .Select(type => type.GetCustomAttribute<CmdletAttribute>())
            .Where(attribute => attribute != null)
            .Select(attribute => attribute!.VerbName + "-" + attribute.NounName)
            .OrderBy(name => name, System.StringComparer.Ordinal)
            .ToArray();
        using var host = new PowerShellHost();

        PowerShellResult result = host.Run("Get-Command -Module ErpSync.PowerShell -CommandType Cmdlet | ForEach-Object Name");

        Assert.False(result.HadErrors, result.ErrorText);
        string[] actual = result.OutputOf<string>().OrderBy(name => name, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Host_OpensInMemorySqliteDatabase()
    {
        // PowerShell resolves [Microsoft.Data.Sqlite.SqliteConnection] only in loaded assemblies.
        _ = typeof(SqliteConnection).Assembly;
        using var host = new PowerShellHost();

        PowerShellResult result = host.Run("""
            $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new('Data Source=:memory:')
            $connection.Open()
            $command = $connection.CreateCommand()
            $command.CommandText = 'SELECT sqlite_version()'
            $command.ExecuteScalar()
            $connection.Dispose()
            """);

        Assert.False(result.HadErrors, result.ErrorText);
        string version = Assert.Single(result.OutputOf<string>());
        Assert.Matches(@"^3\.\d+\.\d+$", version);
    }

    [Fact]
    public void Run_KeepsVariablesBetweenCalls()
    {
        using var host = new PowerShellHost();

        host.Run("$answer = 6 * 7");
        PowerShellResult result = host.Run("$answer");

        Assert.Equal(42, Assert.Single(result.OutputOf<int>()));
    }

    [Fact]
    public void Run_SetsVariablesBeforeScript()
    {
        using var host = new PowerShellHost();

        PowerShellResult result = host.Run(
            "$name.ToUpperInvariant()",
            new System.Collections.Generic.Dictionary<string, object?> { ["name"] = "erp" });

        Assert.Equal("ERP", Assert.Single(result.OutputOf<string>()));
    }

    [Fact]
    public void Run_CollectsNonTerminatingErrors()
    {
        using var host = new PowerShellHost();

        PowerShellResult result = host.Run("Write-Error -Message 'row 3 is invalid' -ErrorId RowInvalid; 'after'");

        Assert.Equal("after", Assert.Single(result.OutputOf<string>()));
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.StartsWith("RowInvalid", error.FullyQualifiedErrorId);
        Assert.Null(result.TerminatingError);
    }

    [Fact]
    public void Run_ReturnsTerminatingErrorWithoutThrowing()
    {
        using var host = new PowerShellHost();

        PowerShellResult result = host.Run("'before'; throw 'sync aborted'");

        Assert.Equal("before", Assert.Single(result.OutputOf<string>()));
        Assert.NotNull(result.TerminatingError);
        Assert.Equal("sync aborted", Assert.Single(result.Errors).Exception.Message);
    }
}
