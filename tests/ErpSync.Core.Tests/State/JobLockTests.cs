using System;
using ErpSync.Core.State;
using Xunit;

namespace ErpSync.Core.Tests.State
{
    public sealed class JobLockTests
    {
        [Fact]
        public void Second_acquire_fails_naming_holder()
        {
            using var folder = new TempFolder();
            var path = folder.File("state.db");
            using var store = StateStore.Open(path);
            using var held = JobLock.Acquire(store, "nightly", "run-1");

            using var other = StateStore.Open(path);
            var error = Assert.Throws<ErpSyncException>(() => JobLock.Acquire(other, "nightly", "run-2"));

            Assert.Equal(ErrorIds.JobAlreadyRunning, error.ErrorId);
            Assert.Contains("run-1", error.Message);
            Assert.Contains($"process {Environment.ProcessId} on {Environment.MachineName}", error.Message);
        }

        [Fact]
        public void Released_lock_can_be_taken_again()
        {
            using var folder = new TempFolder();
            using var store = StateStore.Open(folder.File("state.db"));
            JobLock.Acquire(store, "nightly", "run-1").Dispose();

            using var again = JobLock.Acquire(store, "nightly", "run-2");

            Assert.Equal("run-2", store.Scalar("SELECT run_id FROM locks WHERE job_name = 'nightly'"));
        }

        [Fact]
        public void Expired_lock_of_other_host_is_taken_over_and_logged()
        {
            using var folder = new TempFolder();
            using var store = StateStore.Open(folder.File("state.db"));
            InsertLock(store, "other-host", DateTimeOffset.UtcNow.AddMinutes(-1));
            string? logged = null;

            using var taken = JobLock.Acquire(store, "nightly", "run-new", log: m => logged = m);

            Assert.Equal("run-new", store.Scalar("SELECT run_id FROM locks WHERE job_name = 'nightly'"));
            Assert.NotNull(logged);
            Assert.Contains("run-old", logged);
            Assert.Contains("other-host", logged);
            Assert.Contains("expired", logged);
        }

        [Fact]
        public void Live_lock_of_other_host_is_not_taken_over()
        {
            using var folder = new TempFolder();
            using var store = StateStore.Open(folder.File("state.db"));
            InsertLock(store, "other-host", DateTimeOffset.UtcNow.AddMinutes(5));

            var error = Assert.Throws<ErpSyncException>(() => JobLock.Acquire(store, "nightly", "run-new"));

            Assert.Equal(ErrorIds.JobAlreadyRunning, error.ErrorId);
            Assert.Contains("other-host", error.Message);
        }

        [Fact]
        public void Lock_of_exited_process_on_this_host_is_taken_over()
        {
            using var folder = new TempFolder();
            using var store = StateStore.Open(folder.File("state.db"));
            // A process id far above the kernel's default maximum cannot belong to a running process.
            InsertLock(store, Environment.MachineName, DateTimeOffset.UtcNow.AddMinutes(5), processId: 99999999);
            string? logged = null;

            using var taken = JobLock.Acquire(store, "nightly", "run-new", log: m => logged = m);

            Assert.Equal("run-new", store.Scalar("SELECT run_id FROM locks WHERE job_name = 'nightly'"));
            Assert.Contains("exited", logged);
        }

        [Fact]
        public void Renew_extends_the_lease()
        {
            using var folder = new TempFolder();
            using var store = StateStore.Open(folder.File("state.db"));
            using var held = JobLock.Acquire(store, "nightly", "run-1", TimeSpan.FromMinutes(1));
            var before = StateStore.ParseTimestamp((string)store.Scalar("SELECT expires_at FROM locks")!);

            System.Threading.Thread.Sleep(20);
            held.Renew();

            var after = StateStore.ParseTimestamp((string)store.Scalar("SELECT expires_at FROM locks")!);
            Assert.True(after > before, $"expected {after:o} after {before:o}");
            Assert.Null(held.RenewalError);
        }

        private static void InsertLock(StateStore store, string host, DateTimeOffset expires, int processId = 4242)
        {
            store.Execute(
                "INSERT INTO locks (job_name, run_id, host, process_id, process_started_at, acquired_at, expires_at) VALUES ('nightly', 'run-old', $host, $pid, $started, $started, $expires)",
                null,
                ("$host", host),
                ("$pid", processId),
                ("$started", StateStore.Timestamp(DateTimeOffset.UtcNow.AddHours(-1))),
                ("$expires", StateStore.Timestamp(expires)));
        }
    }
}
