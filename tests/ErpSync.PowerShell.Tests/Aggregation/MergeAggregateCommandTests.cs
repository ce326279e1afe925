using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Patterns.Aggregation;
using ErpSync.Core.Records;
using ErpSync.PowerShell.Cmdlets;
using Xunit;

namespace ErpSync.PowerShell.Tests.Aggregation
{
    public sealed class MergeAggregateCommandTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "erpsync-merge-aggregate-" + Guid.NewGuid().ToString("N"));

        public MergeAggregateCommandTests()
        {
            Directory.CreateDirectory(folder);
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A database file still open leaves the folder in the temporary folder; that is harmless.
            }
        }

        [Fact]
        public void Lineage_names_msrp_source()
        {
            var output = Invoke(@"
                $products = New-ErpEndpoint -Name products -Csv (Join-Path $Samples 'magento/products.csv') -Entity Product
                $msrp = New-ErpEndpoint -Name msrp -Csv (Join-Path $Samples 'magento/products_msrp.csv') -Entity Product
                $merged = Merge-Aggregate -Source $products, $msrp -StatePath $StatePath
                $merged.Count
                ($merged | Where-Object msrp).Count
                ($merged | Where-Object Sku -eq 'WJ01').Lineage.Msrp
                ($merged | Where-Object Sku -eq 'WJ01').Lineage.Name");

            Assert.Equal(new object[] { 1994, 12, "msrp", "products" }, output.Select(o => o.BaseObject).ToArray());
        }

        [Fact]
        public void Demo_step_merges_prefixed_orders()
        {
            Invoke(@"
                $ErpDatabase = Join-Path $Workspace 'erp.db'
                . (Join-Path $Samples 'demo/20-Aggregate.ps1') 6>$null
                . (Join-Path $Samples 'demo/20-Aggregate.ps1') 6>$null");

            var orders = new SqliteEndpoint(
                new EndpointOptions("erp", BuiltInSchemas.Order),
                new SqliteEndpointOptions(Path.Combine(folder, "erp.db")) { Table = "shop_orders" });
            var stored = orders.Read().Select(i => i.Record!).ToDictionary(r => r.Key.ToString());
            Assert.Equal(10, stored.Count);
            Assert.Equal(1999.99m, stored["US-1003"]["Total"]);
            Assert.Equal(128.50m, stored["EU-1001"]["Total"]);
        }

        [Fact]
        public void WhatIf_returns_planned_counts()
        {
            var output = Invoke(@"
                $map = @{ OrderNumber = 'order_number'; CustomerEmail = 'customer_email'; OrderDate = 'order_date' }
                $eu = New-ErpEndpoint -Name eu -Csv (Join-Path $Samples 'fixtures/shop-eu-orders.csv') -Entity Order -Map $map
                $us = New-ErpEndpoint -Name us -Csv (Join-Path $Samples 'fixtures/shop-us-orders.csv') -Entity Order -Map $map
                $erp = New-ErpEndpoint -Name erp -Sqlite (Join-Path $Workspace 'erp.db') -Table shop_orders -CreateTable -Entity Order
                Merge-Aggregate -Source $eu, $us -Target $erp -KeyPrefix @{ eu = 'EU-'; us = 'US-' } -StatePath $StatePath -WhatIf
                Test-Path (Join-Path $Workspace 'erp.db')");

            var result = Assert.IsType<ErpAggregateResult>(output[0].BaseObject);
            Assert.Equal(10, result.Created);
            Assert.True(result.WhatIf);
            Assert.Equal(false, output[1].BaseObject);
        }

        private IReadOnlyList<PSObject> Invoke(string script)
        {
            var state = InitialSessionState.CreateDefault2();
            state.Commands.Add(new SessionStateCmdletEntry("New-ErpEndpoint", typeof(NewErpEndpointCommand), null));
            state.Commands.Add(new SessionStateCmdletEntry("Get-ErpRecord", typeof(GetErpRecordCommand), null));
            state.Commands.Add(new SessionStateCmdletEntry("Merge-Aggregate", typeof(MergeAggregateCommand), null));
            state.Types.Add(new SessionStateTypeEntry(Path.Combine(RepositoryRoot(), "module", "ErpSync", "ErpSync.types.ps1xml")));
            using var shell = System.Management.Automation.PowerShell.Create(state);
            shell.Runspace.SessionStateProxy.SetVariable("Samples", Path.Combine(RepositoryRoot(), "samples"));
            shell.Runspace.SessionStateProxy.SetVariable("Workspace", folder);
            shell.Runspace.SessionStateProxy.SetVariable("StatePath", Path.Combine(folder, "state.db"));
            shell.AddScript(script);
            var output = shell.Invoke();
            var errors = string.Join(Environment.NewLine, shell.Streams.Error.Select(e => e.ToString()));
            Assert.True(shell.Streams.Error.Count == 0, errors);
            return output.ToList();
        }

        private static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !Directory.Exists(Path.Combine(directory.FullName, "samples", "fixtures")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new DirectoryNotFoundException("No samples/fixtures folder above " + AppContext.BaseDirectory);
        }
    }
}
