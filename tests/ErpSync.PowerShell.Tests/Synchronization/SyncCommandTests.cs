using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ErpSync.Core;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.State;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.PowerShell.Tests.Synchronization
{
    /// <summary>
    /// Sync-Bidirectional, Sync-Correlated and the conflict cmdlets on an SQLite customer table
    /// (left, endpoint "erp") and a customer CSV file (right, endpoint "shop").
    /// </summary>
    public sealed class SyncCommandTests : IDisposable
    {
        private const string JobName = "sync:erp<->shop";

        private const string Endpoints = @"
            $erp = New-ErpEndpoint -Name erp -Sqlite $DatabasePath -Table customers -Entity Customer
            $shop = New-ErpEndpoint -Name shop -Csv $CsvPath -Entity Customer";

        private readonly string folder = Path.Combine(Path.GetTempPath(), "erpsync-sync-cmd-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        private readonly PowerShellHost host = new PowerShellHost();

        public SyncCommandTests()
        {
            Directory.CreateDirectory(folder);
            SqliteConnection.ClearAllPools();
        }

        private string DatabasePath => Path.Combine(folder, "erp.db");

        private string CsvPath => Path.Combine(folder, "shop.csv");

        private string StatePath => Path.Combine(folder, "state.db");

        public void Dispose()
        {
            host.Dispose();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A database file that is still open keeps the folder, which the system cleans later.
            }
        }

        [Fact]
        public void Bidirectional_first_run_creates_and_adopts()
        {
            WriteLeft("ann@x.test,Ann,111,Oslo", "bob@x.test,Bob,222,Rome", "cid@x.test,Cid,333,Lima");
            WriteRight("ann@x.test,Ann,111,Oslo", "bob@x.test,Bob,222,Rome", "dan@x.test,Dan,444,Kyiv", "eve@x.test,Eve,555,Faro");

            var result = Sync("Sync-Bidirectional");

            Assert.Equal(1, result.CreatedRight);
            Assert.Equal(2, result.CreatedLeft);
            Assert.Equal(2, result.Adopted);
            Assert.Equal(0, result.UpdatedLeft);
            Assert.Equal(0, result.UpdatedRight);
            Assert.Equal(0, result.Conflicts);
            Assert.Equal(0, result.Rejected);
            Assert.Equal(0, result.Unchanged);
            Assert.Equal(new[] { "ann@x.test|Ann|111|Oslo", "bob@x.test|Bob|222|Rome", "cid@x.test|Cid|333|Lima", "dan@x.test|Dan|444|Kyiv", "eve@x.test|Eve|555|Faro" }, LeftRows());
            Assert.Equal(LeftRows(), RightRows());
        }

        [Fact]
        public void Bidirectional_second_run_updates_each_side()
        {
            WriteLeft("ann@x.test,Ann,111,Oslo", "bob@x.test,Bob,222,Rome", "cid@x.test,Cid,333,Lima");
            WriteRight("ann@x.test,Ann,111,Oslo", "bob@x.test,Bob,222,Rome", "cid@x.test,Cid,333,Lima");
            Sync("Sync-Bidirectional");
            ExecuteLeft("UPDATE customers SET City = 'Turin' WHERE Email = 'bob@x.test'");
            WriteRight("ann@x.test,Ann,999,Oslo", "bob@x.test,Bob,222,Rome", "cid@x.test,Cid,333,Lima");

            var result = Sync("Sync-Bidirectional");
            var rerun = Sync("Sync-Bidirectional");

            Assert.Equal(1, result.UpdatedLeft);
            Assert.Equal(1, result.UpdatedRight);
            Assert.Equal(1, result.Unchanged);
            Assert.Equal(0, result.CreatedLeft + result.CreatedRight + result.Conflicts);
            Assert.Equal(new[] { "ann@x.test|Ann|999|Oslo", "bob@x.test|Bob|222|Turin", "cid@x.test|Cid|333|Lima" }, RightRows());
            Assert.Equal(RightRows(), LeftRows());
            Assert.Equal(3, rerun.Unchanged);
            Assert.Equal(0, rerun.UpdatedLeft + rerun.UpdatedRight);
        }

        [Fact]
        public void Correlated_updates_shared_keys_only()
        {
            WriteLeft("ann@x.test,Ann,111,Oslo", "bob@x.test,Bob,222,Rome", "cid@x.test,Cid,333,Lima");
            WriteRight("ann@x.test,Ann,999,Oslo", "bob@x.test,Bob,222,Rome", "dan@x.test,Dan,444,Kyiv");

            var result = Sync("Sync-Correlated", "-ConflictPolicy LeftWins");

            Assert.Equal(1, result.Conflicts);
            Assert.Equal(1, result.UpdatedRight);
            Assert.Equal(0, result.UpdatedLeft);
            Assert.Equal(1, result.Adopted);
            Assert.Equal(1, result.OnlyLeft);
            Assert.Equal(1, result.OnlyRight);
            Assert.Equal(0, result.CreatedLeft + result.CreatedRight);
            Assert.Equal(SyncMode.Correlation, result.Mode);
            Assert.Equal(new[] { "ann@x.test|Ann|111|Oslo", "bob@x.test|Bob|222|Rome", "dan@x.test|Dan|444|Kyiv" }, RightRows());
            Assert.Equal(new[] { "ann@x.test|Ann|111|Oslo", "bob@x.test|Bob|222|Rome", "cid@x.test|Cid|333|Lima" }, LeftRows());
        }

        [Fact]
        public void WhatIf_writes_nothing_and_returns_plan()
        {
            WriteLeft("ann@x.test,Ann,111,Oslo", "cid@x.test,Cid,333,Lima");
            WriteRight("ann@x.test,Ann,111,Paris", "dan@x.test,Dan,444,Kyiv");
            var databaseBefore = File.ReadAllBytes(DatabasePath);
            var csvBefore = File.ReadAllBytes(CsvPath);

            var r = host.Run(Endpoints + @"
                Sync-Bidirectional $erp $shop -StatePath $StatePath -ConflictPolicy LeftWins -WhatIf -PassThru", Variables());
            Assert.False(r.HadErrors, r.ErrorText);
            var changes = r.Output.Select(o => o.BaseObject).OfType<ErpSyncChange>().Select(c => c.ToString()).OrderBy(t => t, StringComparer.Ordinal).ToList();
            var result = r.Output.Select(o => o.BaseObject).OfType<ErpSyncResult>().Single();

            Assert.True(result.WhatIf);
            Assert.Equal(1, result.CreatedRight);
            Assert.Equal(1, result.CreatedLeft);
            Assert.Equal(1, result.Conflicts);
            Assert.Equal(1, result.UpdatedRight);
            Assert.Equal(new[] { "Conflict Right ann@x.test", "Created Left dan@x.test", "Created Right cid@x.test" }, changes);
            Assert.Equal(databaseBefore, File.ReadAllBytes(DatabasePath));
            Assert.Equal(csvBefore, File.ReadAllBytes(CsvPath));
            Assert.Empty(ReadState("SELECT job_name FROM baselines"));
            Assert.Empty(ReadState("SELECT job_name FROM runs"));
        }

        [Fact]
        public void PassThru_returns_one_change_per_write()
        {
            WriteLeft("ann@x.test,Ann,111,Oslo", "cid@x.test,Cid,333,Lima");
            WriteRight("ann@x.test,Ann,111,Oslo");
            Sync("Sync-Bidirectional");
            ExecuteLeft("UPDATE customers SET Phone = '777', City = 'Cusco' WHERE Email = 'cid@x.test'");
            WriteRight("ann@x.test,Ann,111,Bergen", "cid@x.test,Cid,333,Lima", "dan@x.test,Dan,444,Kyiv");

            var r = host.Run(Endpoints + @"
                Sync-Bidirectional $erp $shop -StatePath $StatePath -PassThru |
                    Where-Object { $_ -is [ErpSync.Core.Patterns.Synchronization.ErpSyncChange] } |
                    Sort-Object Key |
                    ForEach-Object { '{0} {1} {2} {3}' -f $_.Action, $_.Side, $_.Key, ($_.ChangedFields -join '+') }", Variables());

            Assert.False(r.HadErrors, r.ErrorText);
            Assert.Equal(
                new[] { "Updated Left ann@x.test City", "Updated Right cid@x.test Phone+City", "Created Left dan@x.test Name+Phone+City" },
                r.OutputOf<string>());
        }

        [Fact]
        public void Manual_conflict_resolved_left_is_applied_next_run()
        {
            WriteLeft("ann@x.test,Ann,111,Oslo", "bob@x.test,Bob,222,Rome");
            WriteRight("ann@x.test,Ann,111,Oslo", "bob@x.test,Bob,222,Rome");
            Sync("Sync-Bidirectional");
            ExecuteLeft("UPDATE customers SET City = 'Bergen' WHERE Email = 'ann@x.test'");
            WriteRight("ann@x.test,Ann,111,Paris", "bob@x.test,Bob,222,Rome");

            var conflicted = Sync("Sync-Bidirectional");
            var listed = host.Run(@"
                $conflict = Get-ErpConflict -JobName $JobName -StatePath $StatePath
                $conflict.Key
                $conflict.Status
                $conflict.Left.City
                $conflict.Right.City
                $conflict.Baseline.City
                $conflict.DifferingFields -join '+'", Variables());
            var resolved = host.Run(@"
                $conflict | Resolve-ErpConflict -Use Left -StatePath $StatePath -Confirm:$false | ForEach-Object Status", Variables());
            var applied = Sync("Sync-Bidirectional");
            var after = host.Run(@"
                @(Get-ErpConflict -JobName $JobName -StatePath $StatePath).Count
                (Get-ErpConflict -JobName $JobName -StatePath $StatePath -IncludeApplied).Status", Variables());

            Assert.Equal(1, conflicted.Conflicts);
            Assert.Equal(0, conflicted.UpdatedLeft + conflicted.UpdatedRight);
            Assert.False(listed.HadErrors, listed.ErrorText);
            Assert.Equal(new object[] { "ann@x.test", "Open", "Bergen", "Paris", "Oslo", "City" }, listed.Output.Select(o => o.BaseObject).ToArray());
            Assert.False(resolved.HadErrors, resolved.ErrorText);
            Assert.Equal(new[] { "Resolved" }, resolved.OutputOf<string>());
            Assert.Equal(1, applied.UpdatedRight);
            Assert.Equal(0, applied.UpdatedLeft);
            Assert.Equal(0, applied.Conflicts);
            Assert.Equal(new[] { "ann@x.test|Ann|111|Bergen", "bob@x.test|Bob|222|Rome" }, RightRows());
            Assert.Equal(RightRows(), LeftRows());
            Assert.False(after.HadErrors, after.ErrorText);
            Assert.Equal(new object[] { 0, "Applied" }, after.Output.Select(o => o.BaseObject).ToArray());
        }

        [Fact]
        public void Reset_forgets_baselines()
        {
            WriteLeft("ann@x.test,Ann,111,Oslo", "bob@x.test,Bob,222,Rome");
            WriteRight("ann@x.test,Ann,111,Oslo", "bob@x.test,Bob,222,Rome");
            Sync("Sync-Bidirectional");

            var reset = host.Run("Reset-ErpSyncState -JobName $JobName -StatePath $StatePath -Confirm:$false", Variables());
            var baselinesAfterReset = ReadState("SELECT record_key FROM baselines");
            var rerun = Sync("Sync-Bidirectional");

            Assert.False(reset.HadErrors, reset.ErrorText);
            Assert.Empty(baselinesAfterReset);
            Assert.Equal(2, rerun.Adopted);
            Assert.Equal(0, rerun.Unchanged);
        }

        [Fact]
        public void Second_concurrent_run_fails_with_JobAlreadyRunning()
        {
            WriteLeft("ann@x.test,Ann,111,Oslo");
            WriteRight("bob@x.test,Bob,222,Rome");
            var csvBefore = File.ReadAllBytes(CsvPath);

            using var store = StateStore.Open(StatePath);
            using var heldLock = JobLock.Acquire(store, JobName, "test-holder");
            var r = host.Run(Endpoints + @"
                Sync-Bidirectional $erp $shop -StatePath $StatePath", Variables());

            // A cmdlet's terminating error stops its statement only, so the host reports it as an error record.
            var error = Assert.Single(r.Errors);
            Assert.StartsWith(ErrorIds.JobAlreadyRunning + ",", error.FullyQualifiedErrorId);
            Assert.Contains("test-holder", error.Exception.Message);
            Assert.Empty(r.OutputOf<ErpSyncResult>());
            Assert.Equal(csvBefore, File.ReadAllBytes(CsvPath));
            Assert.Equal(new[] { "ann@x.test|Ann|111|Oslo" }, LeftRows());
        }

        private ErpSyncResult Sync(string command, string arguments = "")
        {
            var r = host.Run(Endpoints + $@"
                {command} $erp $shop -StatePath $StatePath {arguments}", Variables());
            Assert.False(r.HadErrors, r.ErrorText);
            return r.OutputOf<ErpSyncResult>().Single();
        }

        private Dictionary<string, object?> Variables() => new Dictionary<string, object?>
        {
            ["DatabasePath"] = DatabasePath,
            ["CsvPath"] = CsvPath,
            ["StatePath"] = StatePath,
            ["JobName"] = JobName,
        };

        /// <summary>Creates the left table from rows of "Email,Name,Phone,City".</summary>
        private void WriteLeft(params string[] rows)
        {
            ExecuteLeft("CREATE TABLE customers (Email TEXT PRIMARY KEY, Name TEXT, Phone TEXT, City TEXT)");
            foreach (var row in rows)
            {
                var values = row.Split(',');
                ExecuteLeft($"INSERT INTO customers VALUES ('{values[0]}', '{values[1]}', '{values[2]}', '{values[3]}')");
            }
        }

        private void WriteRight(params string[] rows) =>
            File.WriteAllText(CsvPath, "Email,Name,Phone,City\n" + string.Concat(rows.Select(r => r + "\n")));

        private void ExecuteLeft(string sql)
        {
            using var connection = new SqliteConnection("Data Source=" + DatabasePath + ";Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        /// <summary>Returns the left table as sorted "Email|Name|Phone|City" rows.</summary>
        private List<string> LeftRows()
        {
            using var connection = new SqliteConnection("Data Source=" + DatabasePath + ";Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Email, Name, Phone, City FROM customers ORDER BY Email";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add($"{reader.GetString(0)}|{reader.GetString(1)}|{reader.GetString(2)}|{reader.GetString(3)}");
            }

            return rows;
        }

        /// <summary>Returns the right file as sorted "Email|Name|Phone|City" rows, without its header.</summary>
        private List<string> RightRows() =>
            File.ReadAllLines(CsvPath).Skip(1).Select(line => line.Replace(',', '|')).OrderBy(line => line, StringComparer.Ordinal).ToList();

        private List<string> ReadState(string sql)
        {
            if (!File.Exists(StatePath))
            {
                return new List<string>();
            }

            using var connection = new SqliteConnection("Data Source=" + StatePath + ";Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(reader.GetValue(0).ToString()!);
            }

            return rows;
        }
    }
}
