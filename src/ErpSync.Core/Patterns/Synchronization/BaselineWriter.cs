using System;
using System.Data.Common;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// Writes the baselines, id map entries and applied conflicts of one job in one transaction of the
    /// state store. Each statement is prepared once and bound again for every key.
    /// </summary>
    internal sealed class BaselineWriter : IDisposable
    {
        private readonly DbCommand saveBaseline;
        private readonly DbCommand removeBaseline;
        private readonly DbCommand saveId;
        private readonly DbCommand removeIds;
        private readonly DbCommand markApplied;

        public BaselineWriter(StateStore store, DbTransaction transaction, string jobName)
        {
            saveBaseline = Prepare(
                store,
                transaction,
                @"INSERT INTO baselines (job_name, record_key, display_key, hash, fields, left_id, right_id, updated_at)
                  VALUES (@job, @key, @display, @hash, @fields, @left, @right, @now)
                  ON CONFLICT (job_name, record_key) DO UPDATE SET display_key = excluded.display_key, hash = excluded.hash,
                    fields = excluded.fields, left_id = excluded.left_id, right_id = excluded.right_id, updated_at = excluded.updated_at",
                "@job", "@key", "@display", "@hash", "@fields", "@left", "@right", "@now");
            saveBaseline.Parameters["@job"].Value = jobName;
            saveBaseline.Parameters["@now"].Value = StateStore.Timestamp(DateTimeOffset.UtcNow);

            removeBaseline = Prepare(store, transaction, "DELETE FROM baselines WHERE job_name = @job AND record_key = @key", "@job", "@key");
            removeBaseline.Parameters["@job"].Value = jobName;

            saveId = Prepare(
                store,
                transaction,
                "INSERT INTO id_map (job_name, endpoint, record_key, native_id) VALUES (@job, @endpoint, @key, @id) ON CONFLICT (job_name, endpoint, record_key) DO UPDATE SET native_id = excluded.native_id",
                "@job", "@endpoint", "@key", "@id");
            saveId.Parameters["@job"].Value = jobName;

            removeIds = Prepare(store, transaction, "DELETE FROM id_map WHERE job_name = @job AND record_key = @key", "@job", "@key");
            removeIds.Parameters["@job"].Value = jobName;

            markApplied = Prepare(store, transaction, "UPDATE conflicts SET status = @status WHERE conflict_id = @id", "@status", "@id");
            markApplied.Parameters["@status"].Value = ConflictStatus.Applied;
        }

        public void Save(string key, string displayKey, string hash, string? fieldsJson, string? leftId, string? rightId)
        {
            var parameters = saveBaseline.Parameters;
            parameters["@key"].Value = key;
            parameters["@display"].Value = displayKey;
            parameters["@hash"].Value = hash;
            parameters["@fields"].Value = (object?)fieldsJson ?? DBNull.Value;
            parameters["@left"].Value = (object?)leftId ?? DBNull.Value;
            parameters["@right"].Value = (object?)rightId ?? DBNull.Value;
            saveBaseline.ExecuteNonQuery();
        }

        /// <summary>Removes the key's baseline and its id map entries on both sides.</summary>
        public void Remove(string key)
        {
            removeBaseline.Parameters["@key"].Value = key;
            removeBaseline.ExecuteNonQuery();
            removeIds.Parameters["@key"].Value = key;
            removeIds.ExecuteNonQuery();
        }

        public void SaveId(string endpoint, string key, string nativeId)
        {
            saveId.Parameters["@endpoint"].Value = endpoint;
            saveId.Parameters["@key"].Value = key;
            saveId.Parameters["@id"].Value = nativeId;
            saveId.ExecuteNonQuery();
        }

        public void MarkApplied(string conflictId)
        {
            markApplied.Parameters["@id"].Value = conflictId;
            markApplied.ExecuteNonQuery();
        }

        public void Dispose()
        {
            saveBaseline.Dispose();
            removeBaseline.Dispose();
            saveId.Dispose();
            removeIds.Dispose();
            markApplied.Dispose();
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
