using System;
using System.Collections.Generic;
using ErpSync.Core.Records;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>
    /// The keys an aggregation job has written to its target, kept in the state store's baselines
    /// table under the job name, so a later run can tell its own keys from rows that others wrote.
    /// </summary>
    internal sealed class AggregateBaselines
    {
        private readonly StateStore store;
        private readonly string jobName;

        public AggregateBaselines(StateStore store, string jobName)
        {
            this.store = store;
            this.jobName = jobName;
        }

        /// <summary>Loads the normalized keys of the job.</summary>
        public HashSet<string> Load()
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            using var command = store.Command("SELECT record_key FROM baselines WHERE job_name = @job");
            command.AddParameter("@job", jobName);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }

            return keys;
        }

        /// <summary>Stores the merged keys with their hashes and forgets the removed keys, in one transaction.</summary>
        public void Save(WrittenKeys written, IEnumerable<string> removed)
        {
            var now = StateStore.Timestamp(DateTimeOffset.UtcNow);
            using var transaction = store.BeginImmediate();
            using (var upsert = store.Command(
                "INSERT INTO baselines (job_name, record_key, display_key, hash, updated_at) VALUES (@job, @key, @display, @hash, @now) " +
                "ON CONFLICT (job_name, record_key) DO UPDATE SET display_key = excluded.display_key, hash = excluded.hash, updated_at = excluded.updated_at",
                transaction))
            {
                var job = upsert.AddParameter("@job", jobName);
                var key = upsert.AddParameter("@key", null);
                var display = upsert.AddParameter("@display", null);
                var hash = upsert.AddParameter("@hash", null);
                upsert.AddParameter("@now", now);
                foreach (var entry in written.Entries())
                {
                    key.Value = entry.Normalized;
                    display.Value = entry.Display;
                    hash.Value = entry.Hash;
                    upsert.ExecuteNonQuery();
                }
            }

            using (var delete = store.Command("DELETE FROM baselines WHERE job_name = @job AND record_key = @key", transaction))
            {
                delete.AddParameter("@job", jobName);
                var key = delete.AddParameter("@key", null);
                foreach (var normalized in removed)
                {
                    key.Value = normalized;
                    delete.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }
    }
}
