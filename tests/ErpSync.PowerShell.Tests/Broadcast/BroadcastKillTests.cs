using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.PowerShell.Tests.Broadcast
{
    /// <summary>Kills a child PowerShell process in the middle of a broadcast and checks that a rerun converges.</summary>
    public sealed class BroadcastKillTests : IDisposable
    {
        private const int Products = 20000;

        private readonly string folder = Path.Combine(Path.GetTempPath(), "erpsync-broadcast-kill-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public BroadcastKillTests()
        {
            Directory.CreateDirectory(folder);
        }

        public void Dispose() => Directory.Delete(folder, recursive: true);

        [Fact]
        public void Killed_run_resumes_without_duplicates()
        {
            CreateSource();
            foreach (var shop in new[] { "shop-a.db", "shop-b.db" })
            {
                // No primary key, so a record delivered twice as an insert would show as a second row.
                Sql(Path.Combine(folder, shop), "CREATE TABLE products (Sku TEXT, Name TEXT, Price TEXT, Stock INTEGER, ModifiedAt TEXT)");
            }

            var script = Path.Combine(folder, "broadcast.ps1");
            File.WriteAllText(script, $@"
                $ErrorActionPreference = 'Stop'
                Import-Module '{typeof(Cmdlets.StartBroadcastCommand).Assembly.Location}'
                $source = New-ErpEndpoint -Name erp -Sqlite '{folder}/erp.db' -Table products -Entity Product -ModifiedField ModifiedAt
                $a = New-ErpEndpoint -Name shop-a -Sqlite '{folder}/shop-a.db' -Table products -Entity Product
                $b = New-ErpEndpoint -Name shop-b -Sqlite '{folder}/shop-b.db' -Table products -Entity Product
                $feed = New-ErpEndpoint -Name feed -Csv '{folder}/feed.csv' -Entity Product
                Start-Broadcast -Source $source -Target $a, $b, $feed -Once -JobName kill -StatePath '{folder}/state.db' -BatchSize 200 | Out-Null
                'done'
            ");

            using (var first = StartChild(script))
            {
                WaitUntil(() => first.HasExited || Count("shop-a.db") > 0);
                first.Kill(entireProcessTree: true);
                first.WaitForExit();
            }

            var deliveredBeforeKill = Count("shop-a.db");
            using (var second = StartChild(script))
            {
                var output = second.StandardOutput.ReadToEnd();
                var errors = second.StandardError.ReadToEnd();
                second.WaitForExit();
                Assert.True(second.ExitCode == 0, $"The rerun failed with exit code {second.ExitCode}: {output} {errors}");
            }

            Assert.InRange(deliveredBeforeKill, 1, Products - 1);
            foreach (var shop in new[] { "shop-a.db", "shop-b.db" })
            {
                Assert.Equal((long)Products, Count(shop));
                Assert.Equal((long)Products, Scalar(Path.Combine(folder, shop), "SELECT COUNT(DISTINCT Sku) FROM products"));
                Assert.Equal("Product 12345", Scalar(Path.Combine(folder, shop), "SELECT Name FROM products WHERE Sku = 'NW-12345'"));
            }

            var feedLines = File.ReadAllLines(Path.Combine(folder, "feed.csv"));
            Assert.Equal(Products + 1, feedLines.Length);
        }

        private void CreateSource()
        {
            var path = Path.Combine(folder, "erp.db");
            using var connection = Open(path);
            using var transaction = connection.BeginTransaction();
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = "CREATE TABLE products (Sku TEXT PRIMARY KEY, Name TEXT, Price TEXT, Stock INTEGER, ModifiedAt TEXT)";
            create.ExecuteNonQuery();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO products VALUES ($sku, $name, '4.20', $stock, '2026-03-01T10:00:00Z')";
            var sku = insert.Parameters.Add("$sku", SqliteType.Text);
            var name = insert.Parameters.Add("$name", SqliteType.Text);
            var stock = insert.Parameters.Add("$stock", SqliteType.Integer);
            for (var i = 1; i <= Products; i++)
            {
                sku.Value = "NW-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
                name.Value = "Product " + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                stock.Value = i;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        private static Process StartChild(string script)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = RepositoryRoot(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script })
            {
                start.ArgumentList.Add(argument);
            }

            return Process.Start(start)!;
        }

        /// <summary>Returns the folder with the tool manifest that provides `dotnet pwsh`.</summary>
        private static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("No .config/dotnet-tools.json above the test folder; run `dotnet tool restore` in the repository.");
        }

        private static void WaitUntil(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!condition() && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }

        private long Count(string database) => (long)(Scalar(Path.Combine(folder, database), "SELECT COUNT(*) FROM products") ?? 0L);

        private static SqliteConnection Open(string path)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
            connection.Open();
            return connection;
        }

        private static void Sql(string path, string sql)
        {
            using var connection = Open(path);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static object? Scalar(string path, string sql)
        {
            using var connection = Open(path);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }
}
