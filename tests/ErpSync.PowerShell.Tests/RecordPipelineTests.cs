using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ErpSync.PowerShell.Tests;

/// <summary>Checks that record fields read as PowerShell properties in the ordinary cmdlets, and that Compare-ErpRecord and -Json work in a session.</summary>
public sealed class RecordPipelineTests : IDisposable
{
    private readonly PowerShellHost host = new PowerShellHost();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "erpsync-ps-" + Guid.NewGuid().ToString("N"));

    public RecordPipelineTests()
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "erp.csv"), "Sku,Name,Price\nA1,Tea,4.50\nA2,Coffee,12.00\nA3,Saffron,99.9\nA4,Milk,10\n");
        var types = Path.Combine(RepositoryRoot(), "module", "ErpSync", "ErpSync.types.ps1xml");
        var formats = Path.Combine(RepositoryRoot(), "module", "ErpSync", "ErpSync.Records.format.ps1xml");
        var setup = host.Run(
            "Update-TypeData -PrependPath $types; Update-FormatData -PrependPath $formats; Set-Location -LiteralPath $folder; " +
            "$erp = New-ErpEndpoint -Name erp -Csv ./erp.csv -Entity Product",
            new Dictionary<string, object?> { ["types"] = types, ["formats"] = formats, ["folder"] = folder });
        Assert.False(setup.HadErrors, setup.ErrorText);
    }

    [Fact]
    public void Field_reads_as_property()
    {
        var result = host.Run("(Get-ErpRecord $erp | Select-Object -First 1).Price");

        Assert.False(result.HadErrors, result.ErrorText);
        Assert.Equal(4.50m, Assert.Single(result.OutputOf<decimal>()));
    }

    [Fact]
    public void Where_object_filters_on_field()
    {
        var result = host.Run("Get-ErpRecord $erp | Where-Object Price -gt 10 | ForEach-Object Sku");

        Assert.False(result.HadErrors, result.ErrorText);
        Assert.Equal(new[] { "A2", "A3" }, result.OutputOf<string>());
    }

    [Fact]
    public void Sort_object_orders_by_field()
    {
        var result = host.Run("Get-ErpRecord $erp | Sort-Object Price -Descending | ForEach-Object Sku");

        Assert.Equal(new[] { "A3", "A2", "A4", "A1" }, result.OutputOf<string>());
    }

    [Fact]
    public void Select_object_picks_fields()
    {
        var result = host.Run("Get-ErpRecord $erp | Select-Object Sku, Price -First 2 | ConvertTo-Csv -NoTypeInformation");

        Assert.False(result.HadErrors, result.ErrorText);
        Assert.Equal(new[] { "\"Sku\",\"Price\"", "\"A1\",\"4.50\"", "\"A2\",\"12.00\"" }, result.OutputOf<string>());
    }

    [Fact]
    public void Export_csv_writes_fields()
    {
        var result = host.Run("Get-ErpRecord $erp | Export-Csv -Path ./out.csv -UseQuotes AsNeeded; Get-Content ./out.csv");

        Assert.False(result.HadErrors, result.ErrorText);
        Assert.Equal(new[] { "Sku,Name,Price", "A1,Tea,4.50", "A2,Coffee,12.00", "A3,Saffron,99.9", "A4,Milk,10" }, result.OutputOf<string>());
    }

    [Fact]
    public void Convert_to_json_writes_fields()
    {
        var result = host.Run("Get-ErpRecord $erp | Select-Object -First 1 | ConvertTo-Json -Compress");

        Assert.False(result.HadErrors, result.ErrorText);
        Assert.Equal("{\"Sku\":\"A1\",\"Name\":\"Tea\",\"Price\":4.50}", Assert.Single(result.OutputOf<string>()));
    }

    [Fact]
    public void Compare_returns_status_and_fields()
    {
        File.WriteAllText(Path.Combine(folder, "shop.json"), "[{\"Sku\":\"A1\",\"Name\":\"Tea\",\"Price\":4.5},{\"Sku\":\"A2\",\"Name\":\"Coffee\",\"Price\":11},{\"Sku\":\"A9\",\"Name\":\"Salt\",\"Price\":1}]");

        var result = host.Run(
            "$shop = New-ErpEndpoint -Name shop -Json ./shop.json -Entity Product; " +
            "Compare-ErpRecord -Reference $erp -Difference $shop | ForEach-Object { '{0} {1} {2}' -f $_.Key, $_.Status, (($_.Fields | ForEach-Object { $_.Field + '=' + $_.Reference + '>' + $_.Difference }) -join ';') }");

        Assert.False(result.HadErrors, result.ErrorText);
        Assert.Equal(new[] { "A2 Different Price=12.00>11", "A3 OnlyReference ", "A4 OnlyReference ", "A9 OnlyDifference " }, result.OutputOf<string>());
    }

    [Fact]
    public void Compare_table_view_lists_fields()
    {
        File.WriteAllText(Path.Combine(folder, "shop.csv"), "Sku,Name,Price\nA1,Green tea,4.5\nA2,Coffee,12\nA3,Saffron,99.9\nA4,Milk,10\n");

        var result = host.Run(
            "$shop = New-ErpEndpoint -Name shop -Csv ./shop.csv -Entity Product; " +
            "Compare-ErpRecord $erp $shop | Format-Table | Out-String -Width 80");

        Assert.False(result.HadErrors, result.ErrorText);
        var lines = Assert.Single(result.OutputOf<string>()).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
        Assert.Equal(new[] { "Key Status    Fields", "--- ------    ------", "A1  Different Name" }, lines);
    }

    [Fact]
    public void Json_endpoint_reads_nested_path()
    {
        File.WriteAllText(Path.Combine(folder, "c.jsonl"), "{\"email\":\"a@x.de\",\"address\":{\"city\":\"Berlin\"}}\n{\"email\":\"b@x.de\",\"address\":{\"city\":\"Rome\"}}\n");

        var result = host.Run(
            "$c = New-ErpEndpoint -Name c -Json ./c.jsonl -Entity Contact -Key Email -Map @{ City = '$.address.city' }; " +
            "Get-ErpRecord $c | ForEach-Object { $_.Email + ' ' + $_.City }");

        Assert.False(result.HadErrors, result.ErrorText);
        Assert.Equal(new[] { "a@x.de Berlin", "b@x.de Rome" }, result.OutputOf<string>());
    }

    [Fact]
    public void Invalid_json_line_is_non_terminating_error()
    {
        File.WriteAllText(Path.Combine(folder, "bad.jsonl"), "{\"Sku\":\"A1\"}\n{\"Sku\":\n{\"Sku\":\"A3\"}\n");

        var result = host.Run("Get-ErpRecord (New-ErpEndpoint -Name bad -Json ./bad.jsonl -Entity Product) | ForEach-Object Sku");

        Assert.Equal(new[] { "A1", "A3" }, result.OutputOf<string>());
        var error = Assert.Single(result.Errors);
        Assert.Equal("JsonInvalid,ErpSync.PowerShell.Cmdlets.GetErpRecordCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith("Json endpoint 'bad' (", error.ErrorDetails.Message);
        Assert.Contains("line 2: Line 2 is not valid JSON", error.ErrorDetails.Message);
    }

    public void Dispose()
    {
        host.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !Directory.Exists(Path.Combine(directory.FullName, "module", "ErpSync")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("No module/ErpSync folder above " + AppContext.BaseDirectory);
    }
}
