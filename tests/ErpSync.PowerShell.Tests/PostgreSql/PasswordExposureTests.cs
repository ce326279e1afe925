using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ErpSync.PowerShell.Tests.PostgreSql;

public sealed class PasswordExposureTests
{
    [Fact]
    public void Endpoint_output_never_shows_password()
    {
        using var host = new PowerShellHost();

        var result = host.Run(@"
            $secret = ConvertTo-SecureString 'Cred-Secret-42' -AsPlainText -Force
            $credential = [pscredential]::new('erp', $secret)
            $endpoints = @(
                New-ErpEndpoint -Name a -PostgreSql 'Host=127.0.0.1;Port=1;Username=u;Password=Conn-Secret-41;Database=d' -Table public.products -Entity Product
                New-ErpEndpoint -Name b -PostgreSql 'Host=127.0.0.1;Port=1;Database=d' -Credential $credential -Table products -Entity Product
            )
            $endpoints | ConvertTo-Json -Depth 6
            $endpoints | Format-List * | Out-String
            $endpoints | ForEach-Object { $_.ToString(); $_.Describe(); $_.Location }",
            new Dictionary<string, object?>());

        Assert.False(result.HadErrors, result.ErrorText);
        string text = string.Join("\n", result.Output.Select(o => o?.ToString()));
        Assert.Contains("127.0.0.1", text);
        Assert.DoesNotContain("Conn-Secret-41", text);
        Assert.DoesNotContain("Cred-Secret-42", text);
    }
}
