using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using ErpSync.Core.State;
using Xunit;

namespace ErpSync.Core.Tests.State
{
    public sealed class StateStoreTests
    {
        [Fact]
        public void Open_creates_current_schema_in_wal_mode()
        {
            using var folder = new TempFolder();
            using var store = StateStore.Open(folder.File("state.db"));

            Assert.Equal(StateSchema.Version, store.SchemaVersion);
            Assert.Equal("wal", store.Scalar("PRAGMA journal_mode"));
        }

        [Fact]
        public void Open_twice_keeps_data_and_version()
        {
            using var folder = new TempFolder();
            var path = folder.File("state.db");
            using (var store = StateStore.Open(path))
            {
                new RunLog(store).Start("job-a", "Migration");
            }

            using var reopened = StateStore.Open(path);
            Assert.Equal(StateSchema.Version, reopened.SchemaVersion);
            Assert.Single(new RunLog(reopened).List("job-a", 10));
        }

        [Fact]
        public void Newer_schema_version_is_rejected()
        {
            using var folder = new TempFolder();
            var path = folder.File("state.db");
            using (var store = StateStore.Open(path))
            {
                store.Execute("PRAGMA user_version = 999");
            }

            var error = Assert.Throws<ErpSyncException>(() => StateStore.Open(path));
            Assert.Equal(ErrorIds.StateStoreError, error.ErrorId);
            Assert.Contains("schema version 999", error.Message);
        }

        [Fact]
        public void State_file_is_readable_by_owner_only()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return;
            }

            using var folder = new TempFolder();
            var path = folder.File("state.db");
            using (StateStore.Open(path))
            {
            }

            var mode = Convert.ToString((int)(File.GetUnixFileMode(path) & (UnixFileMode)0x1FF), 8);
            Assert.Equal(Convert.ToString(0x180, 8), mode);
        }

        [Fact]
        public void Environment_variable_overrides_default_path()
        {
            var previous = Environment.GetEnvironmentVariable(StateStore.PathVariable);
            try
            {
                Environment.SetEnvironmentVariable(StateStore.PathVariable, "/tmp/custom-state.db");
                Assert.Equal("/tmp/custom-state.db", StateStore.DefaultPath());
            }
            finally
            {
                Environment.SetEnvironmentVariable(StateStore.PathVariable, previous);
            }
        }

        [Fact]
        public void Runs_are_listed_newest_first_with_counts()
        {
            using var folder = new TempFolder();
            using var store = StateStore.Open(folder.File("state.db"));
            var log = new RunLog(store);
            var first = log.Start("job", "Migration");
            first.Counts["Read"] = 10;
            log.Finish(first, RunStatus.Succeeded);
            Thread.Sleep(5);
            var second = log.Start("job", "Migration");
            second.Counts["Read"] = 12;
            RunLog.NoteError(second, "line 4: bad price");
            log.Finish(second, RunStatus.CompletedWithErrors);

            var runs = log.List("job", 10);

            Assert.Equal(2, runs.Count);
            Assert.Equal(second.RunId, runs[0].RunId);
            Assert.Equal(12, runs[0].Counts["Read"]);
            Assert.Equal(RunStatus.CompletedWithErrors, runs[0].Status);
            Assert.Equal("line 4: bad price", Assert.Single(runs[0].FirstErrors));
            Assert.Equal(first.RunId, runs[1].RunId);
        }
    }
}
