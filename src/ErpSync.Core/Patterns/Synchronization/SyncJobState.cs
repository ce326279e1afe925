using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>Forgets what a synchronisation job remembers, so its next run starts from no baseline.</summary>
    public static class SyncJobState
    {
        /// <summary>Deletes the job's baselines, id map and conflicts in one transaction; returns how many rows of each went.</summary>
        public static (int Baselines, int IdMap, int Conflicts) Reset(StateStore store, string jobName)
        {
            using var transaction = store.BeginImmediate();
            var baselines = store.Execute("DELETE FROM baselines WHERE job_name = @job", transaction, ("@job", jobName));
            var idMap = store.Execute("DELETE FROM id_map WHERE job_name = @job", transaction, ("@job", jobName));
            var conflicts = store.Execute("DELETE FROM conflicts WHERE job_name = @job", transaction, ("@job", jobName));
            transaction.Commit();
            return (baselines, idMap, conflicts);
        }
    }
}
