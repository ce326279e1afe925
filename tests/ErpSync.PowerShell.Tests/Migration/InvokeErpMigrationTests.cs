using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ErpSync.Core;
using ErpSync.Core.Patterns.Migration;
using ErpSync.Core.State;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.PowerShell.Tests.Migration
{
    public sealed class InvokeErpMigrationTests : IDisposable
    {
        private const string Endpoints = @"
$source = New-ErpEndpoint -Name erp -Csv (Join-Path $Folder source.csv) -Entity Product
$target = New-ErpEndpoint -Name shop -Sqlite (Join-Path $Folder shop.db) -Table products -CreateTable -Entity Product
$state = Join-Path $Folder state.db
";

        private readonly string folder;

        public InvokeErpMigrationTests()
        {
            folder = Path.Combine(Path.GetTempPath(), "erpsync-invoke-migration-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            WriteSource("Sku,Name,Price", "A-1,Apple,1.50", "B-2,Bread,2.25", "C-3,Cheese,7");
        }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        [Fact]
        public void Rerun_reports_all_unchanged()
        {
            var run = Run(Endpoints + @"
Invoke-ErpMigration -Source $source -Target $target -StatePath $state | Out-Null
Invoke-ErpMigration -Source $source -Target $target -StatePath $state");

            Assert.Empty(run.Errors);
            var result = (ErpMigrationResult)Assert.Single(run.Output).BaseObject;
            Assert.Equal(3, result.Read);
            Assert.Equal(0, result.Created);
            Assert.Equal(0, result.Updated);
            Assert.Equal(3, result.Unchanged);
            Assert.Equal(RunStatus.Succeeded, result.Status);
            Assert.Equal("migrate:erp->shop", result.JobName);
        }

        [Fact]
        public void WhatIf_writes_nothing()
        {
            var run = Run(Endpoints + "Invoke-ErpMigration -Source $source -Target $target -StatePath $state -WhatIf");

            Assert.Empty(run.Errors);
            var result = (ErpMigrationResult)Assert.Single(run.Output).BaseObject;
            Assert.Equal("WhatIf", result.Status);
            Assert.Equal(3, result.Created);
            Assert.False(File.Exists(Path.Combine(folder, "shop.db")));
            using var store = StateStore.Open(Path.Combine(folder, "state.db"));
            Assert.Empty(new RunLog(store).List(null, 10));
        }

        [Fact]
        public void PassThru_returns_one_change_per_written_record()
        {
            var run = Run(Endpoints + @"
Invoke-ErpMigration -Source $source -Target $target -StatePath $state | Out-Null
Set-Content (Join-Path $Folder source.csv) ""Sku,Name,Price`nA-1,Apple,1.60`nB-2,Bread,2.25`nC-3,Cheese,7`nD-4,Dates,4""
Invoke-ErpMigration -Source $source -Target $target -StatePath $state -PassThru");

            Assert.Empty(run.Errors);
            var changes = run.Output.Select(o => o.BaseObject).OfType<ErpMigrationChange>().ToList();
            Assert.Equal(new[] { "Updated A-1", "Created D-4" }, changes.Select(c => c.ToString()));
            Assert.Equal(new[] { "Price" }, changes[0].ChangedFields);
            var result = run.Output.Select(o => o.BaseObject).OfType<ErpMigrationResult>().Single();
            Assert.Equal(2, result.Unchanged);
        }

        [Fact]
        public void Pipeline_input_migrates_filtered_records()
        {
            var run = Run(Endpoints + @"
Get-ErpRecord $source | Where-Object { $_.Key.ToString() -ne 'B-2' } | Invoke-ErpMigration -Target $target -StatePath $state");

            Assert.Empty(run.Errors);
            var result = (ErpMigrationResult)Assert.Single(run.Output).BaseObject;
            Assert.Equal("migrate:pipeline->shop", result.JobName);
            Assert.Equal(2, result.Created);
            Assert.Equal(new[] { "A-1", "C-3" }, TargetKeys());
        }

        [Fact]
        public void Second_run_of_job_fails_with_JobAlreadyRunning()
        {
            using var store = StateStore.Open(Path.Combine(folder, "state.db"));
            using var held = JobLock.Acquire(store, "migrate:erp->shop", "holder-run");

            var run = Run(Endpoints + "Invoke-ErpMigration -Source $source -Target $target -StatePath $state");

            var error = Assert.Single(run.Errors);
            Assert.Equal("JobAlreadyRunning,ErpSync.PowerShell.Cmdlets.InvokeErpMigrationCommand", error.FullyQualifiedErrorId);
            Assert.StartsWith("The job 'migrate:erp->shop' is already running: run holder-run by process ", error.Exception.Message, StringComparison.Ordinal);
            Assert.Empty(run.Output);
            Assert.False(File.Exists(Path.Combine(folder, "shop.db")));
        }

        [Fact]
        public void Stale_lock_of_another_host_is_taken_over()
        {
            using (var store = StateStore.Open(Path.Combine(folder, "state.db")))
            {
                store.Execute(
                    "INSERT INTO locks (job_name, run_id, host, process_id, process_started_at, acquired_at, expires_at) VALUES ('migrate:erp->shop', 'dead-run', 'other-host', 4242, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:02:00.0000000Z')");
            }

            var run = Run(Endpoints + "Invoke-ErpMigration -Source $source -Target $target -StatePath $state -Verbose");

            Assert.Empty(run.Errors);
            Assert.Contains(
                "Took over the lock of job 'migrate:erp->shop' from run dead-run by process 4242 on other-host, started 2026-01-01 00:00:00 UTC: its lease expired at 2026-01-01 00:02:00 UTC.",
                run.Verbose);
            var result = (ErpMigrationResult)Assert.Single(run.Output).BaseObject;
            Assert.Equal(RunStatus.Succeeded, result.Status);
            Assert.Equal(3, result.Created);
        }

        [Fact]
        public void Rejects_file_holds_source_lines_and_reasons()
        {
            WriteSource("Sku,Name,Price", "A-1,Apple,1.50", "B-2,Bread,2.25", "C-3,Cheese,abc", "D-4,Dates,4", ",Nameless,5", "F-6,Figs,6");

            var run = Run(Endpoints + "Invoke-ErpMigration -Source $source -Target $target -StatePath $state -RejectPath (Join-Path $Folder rejects.csv)");

            var result = run.Output.Select(o => o.BaseObject).OfType<ErpMigrationResult>().Single();
            Assert.Equal(RunStatus.CompletedWithErrors, result.Status);
            Assert.Equal(6, result.Read);
            Assert.Equal(4, result.Created);
            Assert.Equal(2, result.Rejected);
            Assert.Equal(new[] { "ValueNotParsed", "KeyMissing" }, run.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.Equal("C-3", ((ErpSync.Core.Records.RecordFields)run.Errors[0].TargetObject).Get("Sku"));
            var lines = File.ReadAllLines(Path.Combine(folder, "rejects.csv"));
            Assert.Equal(3, lines.Length);
            Assert.Equal("Position,Key,Field,Value,Reason,ErrorId", lines[0]);
            Assert.Equal(
                "4,C-3,Price,abc,\"The field 'Price' has the value 'abc', which is not a valid decimal in the invariant culture: The input string 'abc' was not in a correct format. Fix the value, or give the endpoint the right -Culture.\",ValueNotParsed",
                lines[1]);
            Assert.Equal("6,,Sku,,The key field 'Sku' is empty. Fill in the key or remove the row.,KeyMissing", lines[2]);
            Assert.Equal(new[] { "A-1", "B-2", "D-4", "F-6" }, TargetKeys());
        }

        [Fact]
        public void Get_ErpSyncRun_lists_runs_newest_first()
        {
            var run = Run(Endpoints + @"
Invoke-ErpMigration -Source $source -Target $target -StatePath $state | Out-Null
Invoke-ErpMigration -Source $source -Target $target -StatePath $state -JobName other | Out-Null
Invoke-ErpMigration -Source $source -Target $target -StatePath $state | Out-Null
Get-ErpSyncRun -StatePath $state -JobName 'migrate:erp->shop' -Last 5");

            Assert.Empty(run.Errors);
            var runs = run.Output.Select(o => (RunRecord)o.BaseObject).ToList();
            Assert.Equal(2, runs.Count);
            Assert.Equal(3, runs[0].Counts["Unchanged"]);
            Assert.Equal(3, runs[1].Counts["Created"]);
            Assert.All(runs, r => Assert.Equal("Migration", r.Pattern));
        }

        [Fact]
        public void State_path_comes_from_ERPSYNC_STATE_when_not_given()
        {
            var run = Run(Endpoints + @"
$env:ERPSYNC_STATE = Join-Path $Folder env-state.db
try {
    Invoke-ErpMigration -Source $source -Target $target | Out-Null
    Get-ErpSyncRun
} finally {
    Remove-Item Env:ERPSYNC_STATE
}");

            Assert.Empty(run.Errors);
            Assert.Equal("migrate:erp->shop", ((RunRecord)Assert.Single(run.Output).BaseObject).JobName);
            Assert.True(File.Exists(Path.Combine(folder, "env-state.db")));
            Assert.False(File.Exists(Path.Combine(folder, "state.db")));
        }

        [Fact]
        public void Replace_with_Confirm_false_empties_target()
        {
            var run = Run(Endpoints + @"
Invoke-ErpMigration -Source $source -Target $target -StatePath $state | Out-Null
Set-Content (Join-Path $Folder source.csv) ""Sku,Name,Price`nD-4,Dates,4""
Invoke-ErpMigration -Source $source -Target $target -StatePath $state -Mode Replace -Confirm:$false");

            Assert.Empty(run.Errors);
            var result = (ErpMigrationResult)Assert.Single(run.Output).BaseObject;
            Assert.Equal(1, result.Created);
            Assert.Equal(new[] { "D-4" }, TargetKeys());
        }

        [Fact]
        public void Stop_ends_run_after_current_batch()
        {
            // Enough rows that the run cannot end between the first committed batch and the stop:
            // 50,000 rows once finished in that window after the engine got faster.
            var lines = new List<string> { "Sku,Name,Price" };
            lines.AddRange(Enumerable.Range(1, 200_000).Select(i => $"S-{i:D6},Item {i},{i % 100}.25"));
            WriteSource(lines.ToArray());
            var state = InitialState();
            using var runspace = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            runspace.SessionStateProxy.SetVariable("Folder", folder);
            using var shell = System.Management.Automation.PowerShell.Create();
            shell.Runspace = runspace;
            shell.AddScript(Endpoints + "Invoke-ErpMigration -Source $source -Target $target -StatePath $state -BatchSize 100");

            var invocation = shell.BeginInvoke();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (TryCountTargetRows() == 0 && DateTime.UtcNow < deadline && !invocation.IsCompleted)
            {
                System.Threading.Thread.Sleep(10);
            }

            shell.Stop();

            Assert.True(shell.InvocationStateInfo.State == System.Management.Automation.PSInvocationState.Stopped, "The migration finished before it was stopped.");
            WaitForRunToEnd("migrate:erp->shop");
            var rows = TryCountTargetRows();
            Assert.InRange(rows, 100, 199_999);
            using var store = StateStore.Open(Path.Combine(folder, "state.db"));
            var lastRun = new RunLog(store).List("migrate:erp->shop", 1).Single();
            Assert.Equal(RunStatus.Stopped, lastRun.Status);
            var checkpoint = new Checkpoints(store).Get("migrate:erp->shop");
            Assert.NotNull(checkpoint);
            Assert.Equal(lastRun.RunId, checkpoint!.Value.RunId);
            // Stopping writes the records already read as a last, possibly shorter, batch.
            Assert.Equal(rows, checkpoint.Value.Position);
            Assert.Equal((rows + 99) / 100, checkpoint.Value.Batch);
        }

        [Theory]
        [InlineData("Invoke-ErpMigration -Source $source -Target $target -StatePath $state -BatchSize 1000 -PassThru | Select-Object -First 3")]
        [InlineData("Get-ErpRecord $source | Invoke-ErpMigration -Target $target -StatePath $state -BatchSize 1000 -PassThru | Select-Object -First 3")]
        public void Select_first_stops_after_batch(string command)
        {
            var lines = new List<string> { "Sku,Name,Price" };
            lines.AddRange(Enumerable.Range(1, 20_000).Select(i => $"S-{i:D5},Item {i},{i % 100}.25"));
            WriteSource(lines.ToArray());

            var run = Run(Endpoints + command);

            Assert.Empty(run.Errors);
            Assert.Equal(3, run.Output.Count);
            Assert.All(run.Output, o => Assert.IsType<ErpMigrationChange>(o.BaseObject));
            var rows = TryCountTargetRows();
            Assert.InRange(rows, 1000, 19_999);
            Assert.Equal(0, rows % 1000);
            using var store = StateStore.Open(Path.Combine(folder, "state.db"));
            var lastRun = new RunLog(store).List(null, 1).Single();
            Assert.Equal(RunStatus.Stopped, lastRun.Status);
            Assert.Equal(rows, lastRun.Counts["Created"]);
            var checkpoint = new Checkpoints(store).Get(lastRun.JobName);
            Assert.NotNull(checkpoint);
            Assert.Equal(rows, checkpoint!.Value.Position);
        }

        private ScriptRun Run(string script) =>
            ScriptRun.Invoke(script, new Dictionary<string, object?> { ["Folder"] = folder });

        private void WriteSource(params string[] lines) =>
            File.WriteAllText(Path.Combine(folder, "source.csv"), string.Join("\n", lines) + "\n");

        private static System.Management.Automation.Runspaces.InitialSessionState InitialState()
        {
            var state = System.Management.Automation.Runspaces.InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { typeof(ErpSync.PowerShell.Cmdlets.InvokeErpMigrationCommand).Assembly.Location });
            return state;
        }

        /// <summary>Waits until the job's last run is no longer Running, since the engine may finish its last batch just after the pipeline reports Stopped.</summary>
        private void WaitForRunToEnd(string jobName)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                using (var store = StateStore.Open(Path.Combine(folder, "state.db")))
                {
                    var last = new RunLog(store).List(jobName, 1).SingleOrDefault();
                    if (last != null && last.Status != RunStatus.Running)
                    {
                        return;
                    }
                }

                System.Threading.Thread.Sleep(20);
            }
        }

        private long TryCountTargetRows()
        {
            try
            {
                using var connection = new SqliteConnection("Data Source=" + Path.Combine(folder, "shop.db") + ";Mode=ReadOnly;Pooling=False");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM products";
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (SqliteException)
            {
                // The database or its table does not exist yet.
                return 0;
            }
        }

        private List<string> TargetKeys()
        {
            using var connection = new SqliteConnection("Data Source=" + Path.Combine(folder, "shop.db") + ";Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Sku FROM products ORDER BY Sku";
            using var reader = command.ExecuteReader();
            var keys = new List<string>();
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }

            return keys;
        }
    }
}
