using System;
using System.Collections.Generic;
using System.Globalization;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>Reads and writes the baselines table of one job.</summary>
    internal sealed class BaselineStore
    {
        private readonly StateStore store;
        private readonly string jobName;

        public BaselineStore(StateStore store, string jobName)
        {
            this.store = store;
            this.jobName = jobName;
        }

        /// <summary>Returns the number of baselines of the job.</summary>
        public int Count() =>
            Convert.ToInt32(store.Scalar("SELECT COUNT(*) FROM baselines WHERE job_name = @job", null, ("@job", jobName)), CultureInfo.InvariantCulture);

        /// <summary>
        /// Adds every baseline of the job to the index, without its field values, which are loaded per
        /// key when needed. Returns the number of baselines.
        /// </summary>
        public int LoadInto(SyncIndex index)
        {
            var count = 0;
            using var command = store.Command("SELECT record_key, display_key, hash, left_id, right_id FROM baselines WHERE job_name = @job");
            command.AddParameter("@job", jobName);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                count++;
                index.SetBaseline(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4));
            }

            return count;
        }

        public Dictionary<string, string?> LoadFields(string key)
        {
            var json = store.Scalar(
                "SELECT fields FROM baselines WHERE job_name = @job AND record_key = @key",
                null,
                ("@job", jobName),
                ("@key", key)) as string;
            return FieldValues.FromJson(json);
        }
    }
}
