using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.PowerShell.Cmdlets;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.PowerShell.Tests.Broadcast
{
    /// <summary>Runs the broadcast cmdlets in a PowerShell runspace hosted in the test process.</summary>
    public sealed class BroadcastCmdletTests : IDisposable
    {
        private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

        private readonly string folder;
        private readonly Runspace runspace;

        public BroadcastCmdletTests()
        {
            folder = Path.Combine(Path.GetTempPath(), "erpsync-broadcast-ps-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            Sql(Path.Combine(folder, "erp.db"), "CREATE TABLE products (Sku TEXT PRIMARY KEY, Name TEXT, Price TEXT, Stock INTEGER, ModifiedAt TEXT)");
            Sql(Path.Combine(folder, "erp.db"), "INSERT INTO products VALUES ('NW-001', 'Chai', '18.00', 39, '2026-03-01T10:00:00Z')");

            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { typeof(StartBroadcastCommand).Assembly.Location });
            runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            Run($@"
                $Folder = '{folder}'
                $StatePath = Join-Path $Folder state.db
                $Source = New-ErpEndpoint -Name erp -Sqlite (Join-Path $Folder erp.db) -Table products -Entity Product -ModifiedField ModifiedAt
                $Shop = New-ErpEndpoint -Name shop -Sqlite (Join-Path $Folder shop.db) -Table products -Entity Product -CreateTable
                $Feed = New-ErpEndpoint -Name feed -Csv (Join-Path $Folder feed.csv) -Entity Product");
        }

        public void Dispose()
        {
            Run("Get-Job | Remove-Job -Force");
            runspace.Dispose();
            Directory.Delete(folder, recursive: true);
        }

        [Fact]
        public void Once_returns_one_result_per_target()
        {
            var results = Run("Start-Broadcast -Source $Source -Target $Shop, $Feed -Once -JobName once -StatePath $StatePath")
                .Select(o => (ErpBroadcastResult)o.BaseObject)
                .ToList();

            Assert.Equal(new[] { "shop", "feed" }, results.Select(r => r.Target));
            Assert.All(results, r => Assert.Equal(1, r.Delivered));
            Assert.Equal("Chai", Scalar(Path.Combine(folder, "shop.db"), "SELECT Name FROM products WHERE Sku = 'NW-001'"));
            Assert.Contains("NW-001,Chai", File.ReadAllText(Path.Combine(folder, "feed.csv")));
        }

        [Fact]
        public void Job_delivers_changes_and_stops_cleanly()
        {
            Run("$Job = Start-Broadcast -Source $Source -Target $Shop, $Feed -Interval 00:00:01 -JobName stock -StatePath $StatePath -RetryDelay 00:00:00.010");
            var second = Run("try { Start-Broadcast -Source $Source -Target $Shop -Interval 00:00:01 -JobName stock -StatePath $StatePath } catch { $_.FullyQualifiedErrorId }");
            WaitFor(() => Equals(Scalar(Path.Combine(folder, "shop.db"), "SELECT Stock FROM products WHERE Sku = 'NW-001'"), 39L));

            Sql(Path.Combine(folder, "erp.db"), "UPDATE products SET Stock = 12, ModifiedAt = '2026-03-01T11:00:00Z' WHERE Sku = 'NW-001'");
            WaitFor(() => Equals(Scalar(Path.Combine(folder, "shop.db"), "SELECT Stock FROM products WHERE Sku = 'NW-001'"), 12L)
                && File.ReadAllText(Path.Combine(folder, "feed.csv")).Contains(",12,"));
            var listed = Run("Get-Job -Id $Job.Id | ForEach-Object { $_.PSJobTypeName + ':' + $_.State }").Single().ToString();
            Run("Stop-Job -Job $Job");
            var state = Run("$Job.JobStateInfo.State").Single().ToString();
            var received = Run("Receive-Job -Job $Job").Select(o => o.BaseObject).OfType<ErpBroadcastResult>().ToList();

            Sql(Path.Combine(folder, "erp.db"), "UPDATE products SET Price = '17.50', ModifiedAt = '2026-03-01T12:00:00Z' WHERE Sku = 'NW-001'");
            Run("Remove-Job -Job $Job");
            var resumed = Run("Start-Broadcast -Source $Source -Target $Shop, $Feed -Once -JobName stock -StatePath $StatePath")
                .Select(o => (ErpBroadcastResult)o.BaseObject)
                .ToList();

            Assert.Equal("JobAlreadyRunning,ErpSync.PowerShell.Cmdlets.StartBroadcastCommand", string.Join(";", second.Select(o => o?.ToString() ?? "null")));
            Assert.Equal("BroadcastJob:Running", listed);
            Assert.Equal("Stopped", state);
            Assert.Equal(2, received.Where(r => r.Cycle == 1).Sum(r => r.Delivered));
            Assert.Equal(2, received.Sum(r => r.Delivered) - received.Where(r => r.Cycle == 1).Sum(r => r.Delivered));
            Assert.All(resumed, r => Assert.Equal(1, r.Delivered));
            Assert.Equal("17.5", Scalar(Path.Combine(folder, "shop.db"), "SELECT Price FROM products WHERE Sku = 'NW-001'"));
        }

        [Fact]
        public void Dead_letters_are_listed_and_resent()
        {
            Sql(Path.Combine(folder, "shop.db"), "CREATE TABLE products (Sku TEXT PRIMARY KEY, Name TEXT, Price TEXT, Stock INTEGER, ModifiedAt TEXT)");
            Sql(Path.Combine(folder, "shop.db"), "CREATE TRIGGER reject BEFORE INSERT ON products BEGIN SELECT RAISE(ABORT, 'shop closed'); END");

            var results = Run("Start-Broadcast -Source $Source -Target $Shop, $Feed -Once -JobName letters -StatePath $StatePath -MaxAttempts 2 -RetryDelay 00:00:00.001 -ErrorAction SilentlyContinue")
                .Select(o => (ErpBroadcastResult)o.BaseObject)
                .ToList();
            var letters = Run("Get-ErpDeadLetter -JobName letters -StatePath $StatePath").Select(o => (DeadLetter)o.BaseObject).ToList();
            Sql(Path.Combine(folder, "shop.db"), "DROP TRIGGER reject");
            var sent = Run("Get-ErpDeadLetter letters -Target shop -StatePath $StatePath | Send-ErpDeadLetter -Target $Shop -Source $Source -StatePath $StatePath")
                .Select(o => (DeadLetterResult)o.BaseObject)
                .ToList();
            var left = Run("Get-ErpDeadLetter -JobName letters -StatePath $StatePath");

            Assert.Equal(1, results.Single(r => r.Target == "shop").DeadLettered);
            Assert.Equal(1, results.Single(r => r.Target == "feed").Delivered);
            Assert.Equal("NW-001", letters.Single().Key);
            Assert.Equal(2, letters.Single().Attempts);
            Assert.Equal(DeadLetterStatus.Delivered, sent.Single().Status);
            Assert.Empty(left);
            Assert.Equal("18", Scalar(Path.Combine(folder, "shop.db"), "SELECT Price FROM products WHERE Sku = 'NW-001'"));
        }

        private IReadOnlyList<PSObject> Run(string script)
        {
            using var shell = System.Management.Automation.PowerShell.Create();
            shell.Runspace = runspace;
            shell.AddScript(script);
            var output = shell.Invoke();
            if (shell.HadErrors && shell.Streams.Error.Count > 0 && !script.Contains("-ErrorAction SilentlyContinue"))
            {
                throw new InvalidOperationException(string.Join(Environment.NewLine, shell.Streams.Error.Select(e => e.ToString())));
            }

            return output;
        }

        private static void WaitFor(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow + WaitLimit;
            while (!condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The broadcast job did not deliver within {WaitLimit.TotalSeconds} s.");
                }

                Thread.Sleep(200);
            }
        }

        private static void Sql(string path, string sql)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static object? Scalar(string path, string sql)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            try
            {
                return command.ExecuteScalar();
            }
            catch (SqliteException)
            {
                return null;
            }
        }
    }
}
