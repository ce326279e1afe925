using System;
using System.Collections.Generic;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// The id_map table of one job: the id that a system assigned to a record it created, so the next
    /// run finds that record under the job's key and updates it instead of creating it again.
    /// </summary>
    internal sealed class IdMapStore
    {
        private readonly StateStore store;
        private readonly string jobName;

        public IdMapStore(StateStore store, string jobName)
        {
            this.store = store;
            this.jobName = jobName;
        }

        /// <summary>Loads the map of one endpoint, from native id to normalized key.</summary>
        public Dictionary<string, string> LoadByNativeId(string endpoint)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            using var command = store.Command("SELECT native_id, record_key FROM id_map WHERE job_name = @job AND endpoint = @endpoint");
            command.AddParameter("@job", jobName);
            command.AddParameter("@endpoint", endpoint);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                map[reader.GetString(0)] = reader.GetString(1);
            }

            return map;
        }
    }
}
