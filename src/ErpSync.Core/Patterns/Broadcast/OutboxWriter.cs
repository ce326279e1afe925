using System;
using System.Data.Common;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>
    /// Appends outbox entries and keeps the sent hashes of one job in one transaction of the state
    /// store. Each statement is prepared once and bound again for every entry.
    /// </summary>
    internal sealed class OutboxWriter : IDisposable
    {
        private readonly DbCommand append;
        private readonly DbCommand saveHash;
        private readonly DbCommand removeHash;

        public OutboxWriter(StateStore store, DbTransaction transaction, string jobName)
        {
            append = Prepare(
                store,
                transaction,
                "INSERT INTO outbox (job_name, record_key, display_key, operation, hash, fields, created_at) VALUES (@job, @key, @display, @operation, @hash, @fields, @now)",
                "@job", "@key", "@display", "@operation", "@hash", "@fields", "@now");
            append.Parameters["@job"].Value = jobName;
            append.Parameters["@now"].Value = StateStore.Timestamp(DateTimeOffset.UtcNow);

            saveHash = Prepare(store, transaction, "INSERT INTO sent_hashes (job_name, record_key, hash) VALUES (@job, @key, @hash) ON CONFLICT (job_name, record_key) DO UPDATE SET hash = excluded.hash", "@job", "@key", "@hash");
            saveHash.Parameters["@job"].Value = jobName;

            removeHash = Prepare(store, transaction, "DELETE FROM sent_hashes WHERE job_name = @job AND record_key = @key", "@job", "@key");
            removeHash.Parameters["@job"].Value = jobName;
        }

        /// <summary>
        /// Appends the entry. The store assigns its <see cref="OutboxEntry.Sequence"/>, which is not read
        /// back: change detection does not use it, and reading a result row per entry took about a
        /// quarter of the append's CPU time (100,000 entries, Microsoft.Data.Sqlite 8.0, SQLite store).
        /// </summary>
        public void Append(OutboxEntry entry)
        {
            var parameters = append.Parameters;
            parameters["@key"].Value = entry.RecordKey;
            parameters["@display"].Value = entry.DisplayKey;
            parameters["@operation"].Value = entry.Operation.ToString();
            parameters["@hash"].Value = (object?)entry.Hash ?? DBNull.Value;
            parameters["@fields"].Value = (object?)entry.Fields ?? DBNull.Value;
            append.ExecuteNonQuery();
        }

        public void SaveSentHash(string recordKey, string hash)
        {
            saveHash.Parameters["@key"].Value = recordKey;
            saveHash.Parameters["@hash"].Value = hash;
            saveHash.ExecuteNonQuery();
        }

        public void RemoveSentHash(string recordKey)
        {
            removeHash.Parameters["@key"].Value = recordKey;
            removeHash.ExecuteNonQuery();
        }

        public void Dispose()
        {
            append.Dispose();
            saveHash.Dispose();
            removeHash.Dispose();
        }

        private static DbCommand Prepare(StateStore store, DbTransaction transaction, string sql, params string[] parameterNames)
        {
            var command = store.Command(sql, transaction);
            foreach (var name in parameterNames)
            {
                command.AddParameter(name, null);
            }

            command.Prepare();
            return command;
        }
    }
}
