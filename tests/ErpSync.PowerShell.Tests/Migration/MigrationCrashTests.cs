using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.PowerShell.Tests.Migration
{
    /// <summary>Kills a migration running in a child pwsh process and checks that the rerun converges.</summary>
    public sealed class MigrationCrashTests : IDisposable
    {
        private const int RecordCount = 200_000;

        private const string Script = @"
param([string] $Folder, [string] $ModulePath, [string] $Name)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$source = New-ErpEndpoint -Name generated -Csv (Join-Path $Folder source.csv) -Entity Product
$target = New-ErpEndpoint -Name store -Sqlite (Join-Path $Folder target.db) -Table products -CreateTable -Entity Product
$result = Invoke-ErpMigration -Source $source -Target $target -BatchSize 250 -StatePath (Join-Path $Folder state.db) -Verbose 4> (Join-Path $Folder ""$Name-verbose.txt"")
""$($result.Status) Read=$($result.Read) Created=$($result.Created) Unchanged=$($result.Unchanged) Rejected=$($result.Rejected)"" | Set-Content (Join-Path $Folder ""$Name-result.txt"")
";

        private readonly string folder;

        public MigrationCrashTests()
        {
            folder = Path.Combine(Path.GetTempPath(), "erpsync-migration-crash-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
        }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        [Fact]
        public void Rerun_after_kill_ends_with_every_record_once()
        {
            WriteSource();
            var modulePath = LayOutModule();
            var scriptPath = Path.Combine(folder, "migrate.ps1");
            File.WriteAllText(scriptPath, Script);

            long rowsWhenKilled;
            using (var first = StartPwsh(scriptPath, modulePath, "first"))
            {
                rowsWhenKilled = WaitForSomeRows(first);
                first.Kill(entireProcessTree: true);
                first.WaitForExit();
            }

            var rowsAfterKill = CountRows("SELECT COUNT(*) FROM products");
            Assert.InRange(rowsWhenKilled, 1, RecordCount - 1);
            Assert.InRange(rowsAfterKill, rowsWhenKilled, RecordCount - 1);
            Assert.False(File.Exists(Path.Combine(folder, "first-result.txt")));

            using (var second = StartPwsh(scriptPath, modulePath, "second"))
            {
                var stderr = second.StandardError.ReadToEnd();
                Assert.True(second.WaitForExit(600_000), "The rerun did not finish within 10 minutes.");
                Assert.True(second.ExitCode == 0, "The rerun failed: " + stderr);
            }

            Assert.Equal(RecordCount, CountRows("SELECT COUNT(*) FROM products"));
            Assert.Equal(RecordCount, CountRows("SELECT COUNT(DISTINCT lower(trim(Sku))) FROM products"));
            var result = File.ReadAllText(Path.Combine(folder, "second-result.txt")).Trim();
            Assert.Equal($"Succeeded Read={RecordCount} Created={RecordCount - rowsAfterKill} Unchanged={rowsAfterKill} Rejected=0", result);
            var verbose = File.ReadAllText(Path.Combine(folder, "second-verbose.txt"));
            Assert.Contains("of job 'migrate:generated->store' did not finish: its checkpoint is batch ", verbose, StringComparison.Ordinal);
            Assert.Contains("Took over the lock of job 'migrate:generated->store' from run ", verbose, StringComparison.Ordinal);
        }

        private void WriteSource()
        {
            var text = new StringBuilder("Sku,Name,Price,Stock\n", RecordCount * 40);
            for (var i = 1; i <= RecordCount; i++)
            {
                text.Append("P-").Append(i.ToString("D6", CultureInfo.InvariantCulture))
                    .Append(",Product ").Append(i.ToString(CultureInfo.InvariantCulture))
                    .Append(',').Append((i % 1000).ToString(CultureInfo.InvariantCulture)).Append(".50")
                    .Append(',').Append((i % 37).ToString(CultureInfo.InvariantCulture))
                    .Append('\n');
            }

            File.WriteAllText(Path.Combine(folder, "source.csv"), text.ToString());
        }

        /// <summary>Copies the module's assemblies and the native SQLite library from the test output into a folder pwsh can import.</summary>
        private string LayOutModule()
        {
            var module = Path.Combine(folder, "module");
            Directory.CreateDirectory(module);
            var baseDirectory = AppContext.BaseDirectory;
            var names = Directory.GetFiles(baseDirectory)
                .Select(Path.GetFileName)
                .Where(n => n!.StartsWith("ErpSync.Core.", StringComparison.Ordinal) ||
                            n.StartsWith("ErpSync.PowerShell.dll", StringComparison.Ordinal) ||
                            n.StartsWith("CsvHelper.", StringComparison.Ordinal) ||
                            n.StartsWith("Microsoft.Data.Sqlite.", StringComparison.Ordinal) ||
                            n.StartsWith("SQLitePCLRaw.", StringComparison.Ordinal));
            foreach (var name in names)
            {
                File.Copy(Path.Combine(baseDirectory, name!), Path.Combine(module, name!));
            }

            // .NET finds a native library beside the assembly that loads it; the test output keeps it under runtimes/<RID>/native.
            var native = Path.Combine(baseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
            foreach (var file in Directory.GetFiles(native, "*e_sqlite3*"))
            {
                File.Copy(file, Path.Combine(module, Path.GetFileName(file)));
            }

            return Path.Combine(module, "ErpSync.PowerShell.dll");
        }

        private Process StartPwsh(string scriptPath, string modulePath, string name)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = RepositoryRoot(),
                RedirectStandardError = true,
                RedirectStandardOutput = false,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", scriptPath, "-Folder", folder, "-ModulePath", modulePath, "-Name", name })
            {
                start.ArgumentList.Add(argument);
            }

            return Process.Start(start) ?? throw new InvalidOperationException("dotnet pwsh did not start.");
        }

        /// <summary>Polls the target until it contains some rows, usually not all yet, and returns the count seen.</summary>
        private long WaitForSomeRows(Process process)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("The first run exited before it was killed: " + process.StandardError.ReadToEnd());
                }

                var rows = TryCountRows();
                if (rows >= 1000)
                {
                    return rows;
                }

                Thread.Sleep(20);
            }

            throw new TimeoutException("The first run wrote no rows within 5 minutes.");
        }

        private long TryCountRows()
        {
            if (!File.Exists(Path.Combine(folder, "target.db")))
            {
                return 0;
            }

            try
            {
                return CountRows("SELECT COUNT(*) FROM products");
            }
            catch (SqliteException)
            {
                // The table does not exist yet, or the writer locks the database for a moment.
                return 0;
            }
        }

        private long CountRows(string sql)
        {
            // Read-write, because after the kill only a connection that may write can roll back the hot journal.
            using var connection = new SqliteConnection("Data Source=" + Path.Combine(folder, "target.db") + ";Mode=ReadWrite;Pooling=False;Default Timeout=30");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        private static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new DirectoryNotFoundException("No repository root (a folder with .config/dotnet-tools.json) above " + AppContext.BaseDirectory);
        }
    }
}
