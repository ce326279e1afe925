using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using ErpSync.Core.Tests.PostgreSql;
using Npgsql;
using Xunit;

namespace ErpSync.PowerShell.Tests.PostgreSql;

public sealed class NewErpEndpointPostgreSqlTests : IClassFixture<PostgreSqlTestDatabase>
{
    private const string ProductQuery =
        "SELECT 'NW-' || lpad(product_id::text, 3, '0') AS sku, product_name AS name, unit_price::numeric(10,2) AS price FROM products";

    private readonly PostgreSqlTestDatabase database;

    public NewErpEndpointPostgreSqlTests(PostgreSqlTestDatabase database)
    {
        this.database = database;
    }

    [SkippableFact]
    public void Credential_endpoint_reads_77_products()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);
        using var host = new PowerShellHost();

        var result = host.Run(
            "$erp = New-ErpEndpoint -Name erp -PostgreSql $ConnectionString -Credential $Credential -Query $Query -Entity Product -Verbose 4>&1; $erp | ForEach-Object ToString; (Get-ErpRecord ($erp | Where-Object { $_ -is [ErpSync.Core.Endpoints.Endpoint] }) | Where-Object { $_['Sku'] -eq 'NW-005' })['Price']",
            Variables(UserLessConnectionString(), Credential(database.Password)));

        Assert.False(result.HadErrors, result.ErrorText);
        var text = string.Join("\n", result.Output.Select(o => o?.ToString()));
        Assert.DoesNotContain(database.Password, text);
        Assert.Contains($"PostgreSql endpoint 'erp' ({database.Host}:{database.Port}/{database.Name}, query)", text);
        Assert.Equal(21.35m, result.Output.Last().BaseObject);
    }

    [SkippableFact]
    public void Records_piped_from_PostgreSQL_land_in_SQLite()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);
        var sqlitePath = Path.Combine(Path.GetTempPath(), "erpsync-pg-" + System.Guid.NewGuid().ToString("N") + ".db");
        using var host = new PowerShellHost();

        try
        {
            var result = host.Run(
                "$erp = New-ErpEndpoint -Name erp -PostgreSql $ConnectionString -Query $Query -Entity Product; " +
                "$shop = New-ErpEndpoint -Name shop -Sqlite $SqlitePath -Table products -CreateTable -Entity Product; " +
                "Get-ErpRecord $erp | Set-ErpRecord $shop | Out-Null; " +
                "$copied = Get-ErpRecord $shop; $copied.Count; ($copied | Where-Object { $_['Sku'] -eq 'NW-005' })['Price']",
                new Dictionary<string, object?> { ["ConnectionString"] = database.ConnectionString, ["Query"] = ProductQuery, ["SqlitePath"] = sqlitePath });

            Assert.False(result.HadErrors, result.ErrorText);
            Assert.Equal(new object[] { 77, 21.35m }, result.Output.Select(o => o.BaseObject).ToArray());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(sqlitePath);
        }
    }

    [SkippableFact]
    public void Wrong_password_is_an_authentication_error_without_the_password()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);
        using var host = new PowerShellHost();

        var result = host.Run(
            "$ErrorActionPreference = 'Stop'; $erp = New-ErpEndpoint -Name erp -PostgreSql $ConnectionString -Credential $Credential -Table public.products -Entity Product; Get-ErpRecord $erp -Verbose 4>&1",
            Variables(UserLessConnectionString(), Credential("Wrong-Secret-4711")));

        Assert.True(result.TerminatingError != null, result.ErrorText + string.Join("\n", result.Output.Select(o => o?.ToString())));
        var error = result.Errors.Last();
        Assert.StartsWith("PostgreSqlAuthenticationFailed,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.DoesNotContain("Wrong-Secret-4711", result.ErrorText);
        Assert.DoesNotContain("Wrong-Secret-4711", string.Join("\n", result.Output.Select(o => o?.ToString())));
        Assert.DoesNotContain("Wrong-Secret-4711", error.Exception.ToString());
    }

    private string UserLessConnectionString() =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = null, Password = null }.ConnectionString;

    private static PSCredential Credential(string password)
    {
        var secure = new SecureString();
        foreach (var character in password)
        {
            secure.AppendChar(character);
        }

        return new PSCredential("erpsync", secure);
    }

    private static Dictionary<string, object?> Variables(string connectionString, PSCredential credential) =>
        new Dictionary<string, object?> { ["ConnectionString"] = connectionString, ["Credential"] = credential, ["Query"] = ProductQuery };
}
