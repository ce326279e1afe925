using System.Collections.Generic;
using System.IO;
using Xunit;

namespace ErpSync.PowerShell.Tests;

public sealed class StatePathTests
{
    [Theory]
    [InlineData("Get-ErpSyncRun -StatePath ./state.db")]
    [InlineData("Get-ErpConflict -StatePath ./state.db")]
    [InlineData("Get-ErpDeadLetter -StatePath ./state.db")]
    [InlineData("Reset-ErpSyncState -JobName none -StatePath ./state.db -Confirm:$false")]
    public void Relative_state_path_follows_location(string command)
    {
        string folder = Path.Combine(Path.GetTempPath(), "erpsync-statepath-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using var host = new PowerShellHost();

        var result = host.Run("Set-Location -LiteralPath $folder; " + command + " | Out-Null", new Dictionary<string, object?> { ["folder"] = folder });

        Assert.False(result.HadErrors, result.ErrorText);
        Assert.True(File.Exists(Path.Combine(folder, "state.db")), "state.db was not created in the PowerShell location " + folder);
        Directory.Delete(folder, true);
    }
}
