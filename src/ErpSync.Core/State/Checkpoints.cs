using System;
using System.Globalization;

namespace ErpSync.Core.State
{
    /// <summary>The last committed batch of each job, so that a rerun after a crash can report where the previous run stopped.</summary>
    public sealed class Checkpoints
    {
        private readonly StateStore store;

        public Checkpoints(StateStore store)
        {
            this.store = store;
        }

        public void Save(string jobName, string runId, long batch, long position)
        {
            store.Execute(
                "INSERT INTO checkpoints (job_name, run_id, batch, position, updated_at) VALUES (@job, @run, @batch, @position, @now) " +
                "ON CONFLICT (job_name) DO UPDATE SET run_id = excluded.run_id, batch = excluded.batch, position = excluded.position, updated_at = excluded.updated_at",
                null,
                ("@job", jobName),
                ("@run", runId),
                ("@batch", batch),
                ("@position", position),
                ("@now", StateStore.Timestamp(DateTimeOffset.UtcNow)));
        }

        /// <summary>Returns the run and source position of the job's last committed batch, or null.</summary>
        public (string RunId, long Batch, long Position)? Get(string jobName)
        {
            using var command = store.Command("SELECT run_id, batch, position FROM checkpoints WHERE job_name = @job");
            command.AddParameter("@job", jobName);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            return (reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture));
        }

        public void Clear(string jobName) =>
            store.Execute("DELETE FROM checkpoints WHERE job_name = @job", null, ("@job", jobName));
    }
}
