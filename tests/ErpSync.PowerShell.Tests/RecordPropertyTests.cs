using System.Collections.Generic;
using System.IO;
using Xunit;

namespace ErpSync.PowerShell.Tests;

public sealed class RecordPropertyTests
{
    [Fact]
    public void Fields_of_read_records_are_properties()
    {
        string folder = Path.Combine(Path.GetTempPath(), "erpsync-props-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string csv = Path.Combine(folder, "p.csv");
        File.WriteAllText(csv, "Sku,Price\nA,12.50\nB,3\n");
        using var host = new PowerShellHost();

        var result = host.Run(
            "$e = New-ErpEndpoint -Name shop -Csv $path -Entity Product; Get-ErpRecord $e | Where-Object Price -gt 10 | ForEach-Object { $_.Sku + '=' + $_.Price }",
            new Dictionary<string, object?> { ["path"] = csv });

        Assert.False(result.HadErrors, result.ErrorText);
        Assert.Equal(new[] { "A=12.50" }, result.OutputOf<string>());
        Directory.Delete(folder, true);
    }
}
