using System;
using ErpSync.Core.State;
using Microsoft.Data.Sqlite;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>
    /// Appends outbox entries and keeps the sent hashes of one job in one transaction of the state
    /// store. Each statement is prepared once and bound again for every entry.
    /// </summary>
    internal sealed class OutboxWriter : IDisposable
    {
        private readonly SqliteCommand append;
        private readonly SqliteCommand lastSequence;
        private readonly SqliteCommand saveHash;
        private readonly SqliteCommand removeHash;

        public OutboxWriter(StateStore store, SqliteTransaction transaction, string jobName)
        {
            append = Prepare(
                store,
                transaction,
                "INSERT INTO outbox (job_name, record_key, display_key, operation, hash, fields, created_at) VALUES ($job, $key, $display, $operation, $hash, $fields, $now)",
                "$job", "$key", "$display", "$operation", "$hash", "$fields", "$now");
            append.Parameters["$job"].Value = jobName;
            append.Parameters["$now"].Value = StateStore.Timestamp(DateTimeOffset.UtcNow);

            lastSequence = Prepare(store, transaction, "SELECT last_insert_rowid()");

            saveHash = Prepare(store, transaction, "INSERT OR REPLACE INTO sent_hashes (job_name, record_key, hash) VALUES ($job, $key, $hash)", "$job", "$key", "$hash");
            saveHash.Parameters["$job"].Value = jobName;

            removeHash = Prepare(store, transaction, "DELETE FROM sent_hashes WHERE job_name = $job AND record_key = $key", "$job", "$key");
            removeHash.Parameters["$job"].Value = jobName;
        }

        /// <summary>Appends the entry and sets its <see cref="OutboxEntry.Sequence"/>.</summary>
        public void Append(OutboxEntry entry)
        {
            var parameters = append.Parameters;
            parameters["$key"].Value = entry.RecordKey;
            parameters["$display"].Value = entry.DisplayKey;
            parameters["$operation"].Value = entry.Operation.ToString();
            parameters["$hash"].Value = (object?)entry.Hash ?? DBNull.Value;
            parameters["$fields"].Value = (object?)entry.Fields ?? DBNull.Value;
            append.ExecuteNonQuery();
            entry.Sequence = (long)lastSequence.ExecuteScalar()!;
        }

        public void SaveSentHash(string recordKey, string hash)
        {
            saveHash.Parameters["$key"].Value = recordKey;
            saveHash.Parameters["$hash"].Value = hash;
            saveHash.ExecuteNonQuery();
        }

        public void RemoveSentHash(string recordKey)
        {
            removeHash.Parameters["$key"].Value = recordKey;
            removeHash.ExecuteNonQuery();
        }

        public void Dispose()
        {
            append.Dispose();
            lastSequence.Dispose();
            saveHash.Dispose();
            removeHash.Dispose();
        }

        private static SqliteCommand Prepare(StateStore store, SqliteTransaction transaction, string sql, params string[] parameterNames)
        {
            var command = store.Command(sql, transaction);
            foreach (var name in parameterNames)
            {
                command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            command.Prepare();
            return command;
        }
    }
}
