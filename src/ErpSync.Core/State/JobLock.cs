using System;
using System.Globalization;
using System.Threading;

namespace ErpSync.Core.State
{
    /// <summary>
    /// The lease that lets one run of a job proceed at a time. It expires unless renewed; a timer
    /// renews it at a third of the lease while the run lives, on its own connection. A second run of
    /// the job fails at once with <see cref="ErrorIds.JobAlreadyRunning"/>, naming the holder. A lease
    /// that expired, or whose holder process on this host has exited, is taken over.
    /// </summary>
    public sealed class JobLock : IDisposable
    {
        /// <summary>The default lease: long enough to survive a slow batch, short enough that a dead run's lock frees itself soon.</summary>
        public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(2);

        /// <summary>The store location with any password, to open the store again; never shown.</summary>
        private readonly string storeLocation;
        private readonly Timer renewal;
        private readonly object gate = new object();
        private bool released;

        private JobLock(string storeLocation, string jobName, string runId, TimeSpan lease)
        {
            this.storeLocation = storeLocation;
            JobName = jobName;
            RunId = runId;
            Lease = lease;
            var period = TimeSpan.FromTicks(Math.Max(lease.Ticks / 3, TimeSpan.FromMilliseconds(100).Ticks));
            renewal = new Timer(_ => Renew(), null, period, period);
        }

        public string JobName { get; }

        public string RunId { get; }

        public TimeSpan Lease { get; }

        /// <summary>The last renewal failure, if any; a run may check it between batches.</summary>
        public Exception? RenewalError { get; private set; }

        /// <summary>Takes the job's lock or throws <see cref="ErrorIds.JobAlreadyRunning"/>; <paramref name="log"/> hears about a takeover.</summary>
        public static JobLock Acquire(StateStore store, string jobName, string runId, TimeSpan? lease = null, Action<string>? log = null)
        {
            var duration = lease ?? DefaultLease;
            var owner = LockOwner.Current();
            var now = DateTimeOffset.UtcNow;
            using (var transaction = store.Begin(LockName(jobName)))
            {
                using (var command = store.Command("SELECT run_id, host, process_id, process_started_at, expires_at FROM locks WHERE job_name = @job" + store.Dialect.ForUpdate, transaction))
                {
                    command.AddParameter("@job", jobName);
                    using var reader = command.ExecuteReader();
                    if (reader.Read())
                    {
                        var holder = new LockOwner(reader.GetString(1), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), StateStore.ParseTimestamp(reader.GetString(3)));
                        var expires = StateStore.ParseTimestamp(reader.GetString(4));
                        var heldRun = reader.GetString(0);
                        // NOTE: on a shared PostgreSQL store, machines must have distinct host names: a live lock
                        // taken on another machine of the same name counts as gone when its process id is not running here.
                        if (expires > now && !holder.IsGoneFromThisHost())
                        {
                            throw new ErpSyncException(
                                ErrorIds.JobAlreadyRunning,
                                $"The job '{jobName}' is already running: run {heldRun} by {holder} holds its lock until {expires:yyyy-MM-dd HH:mm:ss} UTC. Wait for that run to finish, or stop it.",
                                kind: ErrorKind.ResourceBusy);
                        }

                        var why = expires <= now ? $"its lease expired at {expires:yyyy-MM-dd HH:mm:ss} UTC" : "that process has exited";
                        log?.Invoke($"Took over the lock of job '{jobName}' from run {heldRun} by {holder}: {why}.");
                    }
                }

                store.Execute(
                    "INSERT INTO locks (job_name, run_id, host, process_id, process_started_at, acquired_at, expires_at) VALUES (@job, @run, @host, @pid, @pstart, @now, @expires) " +
                    "ON CONFLICT (job_name) DO UPDATE SET run_id = excluded.run_id, host = excluded.host, process_id = excluded.process_id, " +
                    "process_started_at = excluded.process_started_at, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at",
                    transaction,
                    ("@job", jobName),
                    ("@run", runId),
                    ("@host", owner.Host),
                    ("@pid", owner.ProcessId),
                    ("@pstart", StateStore.Timestamp(owner.ProcessStartedAt)),
                    ("@now", StateStore.Timestamp(now)),
                    ("@expires", StateStore.Timestamp(now + duration)));
                transaction.Commit();
            }

            return new JobLock(store.Location, jobName, runId, duration);
        }

        /// <summary>Names the advisory lock that serializes the check-and-take of one job's lock row on PostgreSQL.</summary>
        private static string LockName(string jobName) => "erpsync:job:" + jobName;

        /// <summary>Extends the lease; a failure is kept in <see cref="RenewalError"/> rather than thrown on the timer thread.</summary>
        public void Renew()
        {
            lock (gate)
            {
                if (released)
                {
                    return;
                }

                try
                {
                    using var store = StateStore.Open(storeLocation);
                    store.Execute(
                        "UPDATE locks SET expires_at = @expires WHERE job_name = @job AND run_id = @run",
                        null,
                        ("@expires", StateStore.Timestamp(DateTimeOffset.UtcNow + Lease)),
                        ("@job", JobName),
                        ("@run", RunId));
                }
                catch (Exception ex)
                {
                    RenewalError = ex;
                }
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                if (released)
                {
                    return;
                }

                released = true;
            }

            renewal.Dispose();
            try
            {
                using var store = StateStore.Open(storeLocation);
                store.Execute("DELETE FROM locks WHERE job_name = @job AND run_id = @run", null, ("@job", JobName), ("@run", RunId));
            }
            catch (ErpSyncException)
            {
                // The lease expires by itself; a lock left behind is taken over by the next run.
            }
        }
    }
}
