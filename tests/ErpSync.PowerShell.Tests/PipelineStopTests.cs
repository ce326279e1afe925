using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ErpSync.Core.State;
using ErpSync.PowerShell.Tests.Migration;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.PowerShell.Tests
{
    /// <summary>
    /// A command after a sync or a merge that needs no more input (Select-Object -First) stops the run,
    /// which is recorded as Stopped, not Failed, and a rerun finishes the work.
    /// </summary>
    public sealed class PipelineStopTests : IDisposable
    {
        private readonly string folder;

        public PipelineStopTests()
        {
            folder = Path.Combine(Path.GetTempPath(), "erpsync-pipeline-stop-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var lines = new List<string> { "Sku,Name,Price" };
            lines.AddRange(Enumerable.Range(1, 2_000).Select(i => $"S-{i:D4},Item {i},{i % 100}.25"));
            File.WriteAllText(Path.Combine(folder, "products.csv"), string.Join("\n", lines) + "\n");
        }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        [Fact]
        public void Sync_select_first_ends_stopped()
        {
            var run = Run(@"
$csv = New-ErpEndpoint -Name csv -Csv (Join-Path $Folder products.csv) -Entity Product
$left = New-ErpEndpoint -Name erp -Sqlite (Join-Path $Folder erp.db) -Table products -CreateTable -Entity Product
$right = New-ErpEndpoint -Name shop -Sqlite (Join-Path $Folder shop.db) -Table products -CreateTable -Entity Product
$state = Join-Path $Folder state.db
Invoke-ErpMigration -Source $csv -Target $left -StatePath $state | Out-Null
Sync-Bidirectional -Left $left -Right $right -StatePath $state -BatchSize 100 -PassThru | Select-Object -First 2
(Get-ErpSyncRun -StatePath $state -Last 1).Status
$rerun = Sync-Bidirectional -Left $left -Right $right -StatePath $state
$rerun.CreatedRight + $rerun.Adopted
(Get-ErpSyncRun -StatePath $state -Last 1).Status");

            Assert.Empty(run.Errors);
            var output = run.Output.Select(o => o.BaseObject).ToList();
            Assert.Equal(5, output.Count);
            Assert.All(output.Take(2), o => Assert.IsType<ErpSync.Core.Patterns.Synchronization.ErpSyncChange>(o));
            Assert.Equal(RunStatus.Stopped, output[2]);
            Assert.Equal(2_000L, Convert.ToInt64(output[3], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(RunStatus.Succeeded, output[4]);
            Assert.Equal(2_000, CountRows("shop.db"));
        }

        [Fact]
        public void Merge_select_first_ends_stopped()
        {
            var run = Run(@"
$csv = New-ErpEndpoint -Name csv -Csv (Join-Path $Folder products.csv) -Entity Product
$state = Join-Path $Folder state.db
(Merge-Aggregate -Source $csv -StatePath $state | Select-Object -First 3).Count
(Get-ErpSyncRun -StatePath $state -Last 1).Status");

            Assert.Empty(run.Errors);
            Assert.Equal(new object[] { 3, RunStatus.Stopped }, run.Output.Select(o => o.BaseObject).ToArray());
        }

        private ScriptRun Run(string script) =>
            ScriptRun.Invoke(script, new Dictionary<string, object?> { ["Folder"] = folder });

        private long CountRows(string database)
        {
            using var connection = new SqliteConnection("Data Source=" + Path.Combine(folder, database) + ";Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM products";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
