namespace ErpSync.Core.State
{
    /// <summary>
    /// The state store's tables, as numbered upgrade steps. A store at version N runs the steps after
    /// N in order, each in one transaction, and records the new version: in PRAGMA user_version on
    /// SQLite, in the table erpsync_schema on PostgreSQL.
    /// Append a step to change the schema; never edit a published one.
    /// </summary>
    internal static class StateSchema
    {
        public static readonly string[][] Steps =
        {
            new[]
            {
                @"CREATE TABLE runs (
                    run_id TEXT PRIMARY KEY,
                    job_name TEXT NOT NULL,
                    pattern TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    ended_at TEXT,
                    status TEXT NOT NULL,
                    host TEXT NOT NULL,
                    process_id INTEGER NOT NULL,
                    counts TEXT,
                    first_errors TEXT)",
                "CREATE INDEX runs_by_job ON runs (job_name, started_at)",
                @"CREATE TABLE checkpoints (
                    job_name TEXT PRIMARY KEY,
                    run_id TEXT NOT NULL,
                    batch INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    updated_at TEXT NOT NULL)",
                @"CREATE TABLE locks (
                    job_name TEXT PRIMARY KEY,
                    run_id TEXT NOT NULL,
                    host TEXT NOT NULL,
                    process_id INTEGER NOT NULL,
                    process_started_at TEXT NOT NULL,
                    acquired_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL)",
                @"CREATE TABLE baselines (
                    job_name TEXT NOT NULL,
                    record_key TEXT NOT NULL,
                    display_key TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    fields TEXT,
                    left_id TEXT,
                    right_id TEXT,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (job_name, record_key))",
                @"CREATE TABLE id_map (
                    job_name TEXT NOT NULL,
                    endpoint TEXT NOT NULL,
                    record_key TEXT NOT NULL,
                    native_id TEXT NOT NULL,
                    PRIMARY KEY (job_name, endpoint, record_key))",
                @"CREATE TABLE conflicts (
                    conflict_id TEXT PRIMARY KEY,
                    job_name TEXT NOT NULL,
                    record_key TEXT NOT NULL,
                    display_key TEXT NOT NULL,
                    left_fields TEXT,
                    right_fields TEXT,
                    baseline_fields TEXT,
                    detected_at TEXT NOT NULL,
                    status TEXT NOT NULL,
                    resolution TEXT,
                    resolved_fields TEXT,
                    resolved_at TEXT)",
                "CREATE INDEX conflicts_by_job ON conflicts (job_name, status)",
                @"CREATE TABLE outbox (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_name TEXT NOT NULL,
                    record_key TEXT NOT NULL,
                    display_key TEXT NOT NULL,
                    operation TEXT NOT NULL,
                    hash TEXT,
                    fields TEXT,
                    created_at TEXT NOT NULL)",
                "CREATE INDEX outbox_by_job ON outbox (job_name, sequence)",
                @"CREATE TABLE cursors (
                    job_name TEXT NOT NULL,
                    target TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (job_name, target))",
                @"CREATE TABLE dead_letters (
                    job_name TEXT NOT NULL,
                    target TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    record_key TEXT NOT NULL,
                    display_key TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    last_error TEXT,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (job_name, target, sequence))",
                @"CREATE TABLE watermarks (
                    job_name TEXT NOT NULL,
                    source TEXT NOT NULL,
                    value TEXT,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (job_name, source))",
                @"CREATE TABLE sent_hashes (
                    job_name TEXT NOT NULL,
                    record_key TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    PRIMARY KEY (job_name, record_key))",
            },
        };

        public static int Version => Steps.Length;
    }
}
