using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace ErpSync.PowerShell.Tests.Aggregation;

public sealed class MergeAggregateWarningTests
{
    [Fact]
    public void Colliding_orders_without_prefix_warn()
    {
        string folder = Path.Combine(Path.GetTempPath(), "erpsync-aggregate-warning-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "eu.csv"), "OrderNumber,Total,Currency\n1001,10.00,EUR\n1002,20.00,EUR\n");
        File.WriteAllText(Path.Combine(folder, "us.csv"), "OrderNumber,Total,Currency\n1001,11.00,USD\n1002,20.00,EUR\n");
        using var host = new PowerShellHost();

        var result = host.Run(@"
            $eu = New-ErpEndpoint -Name eu -Csv (Join-Path $folder eu.csv) -Entity Order
            $us = New-ErpEndpoint -Name us -Csv (Join-Path $folder us.csv) -Entity Order
            Merge-Aggregate -Source $eu, $us -StatePath (Join-Path $folder state.db) | Out-Null
            Merge-Aggregate -Source $eu, $us -KeyPrefix @{ eu = 'EU-'; us = 'US-' } -StatePath (Join-Path $folder state.db) | Out-Null",
            new Dictionary<string, object?> { ["folder"] = folder });

        Assert.False(result.HadErrors, result.ErrorText);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("disagreed on 2 field values", warning);
        Assert.Contains("-KeyPrefix", warning);
        Directory.Delete(folder, true);
    }
}
