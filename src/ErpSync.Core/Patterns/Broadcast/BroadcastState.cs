using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Threading;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>
    /// A broadcast job's tables in the state store: the outbox, each target's cursor, the hashes
    /// already broadcast, the watermark and the dead letters. One instance per connection, so each
    /// target's delivery thread uses its own.
    /// </summary>
    public sealed class BroadcastState
    {
        private readonly StateStore store;
        private readonly Semaphore? writeGate;

        public BroadcastState(StateStore store, string jobName)
            : this(store, jobName, null)
        {
        }

        /// <summary>
        /// Creates the tables' access for one connection whose write transactions first wait for
        /// <paramref name="writeGate"/>, which the other connections of the same cycle share.
        /// </summary>
        internal BroadcastState(StateStore store, string jobName, Semaphore? writeGate)
        {
            this.store = store;
            this.writeGate = writeGate;
            JobName = jobName;
        }

        public string JobName { get; }

        public StateStore Store => store;

        /// <summary>
        /// Runs <paramref name="work"/> in a write transaction (<see cref="StateStore.BeginImmediate"/>)
        /// and commits it. With a write gate the transaction starts only once no other connection of
        /// the cycle has one open. SQLite's busy handler sleeps 1, 2, 5, 10 ms and longer between its
        /// tries (sqliteDefaultBusyCallback in SQLite's main.c), so a waiting thread slept past the
        /// moment the lock was released. The gate wakes it then.
        /// </summary>
        internal void Write(Action<DbTransaction> work)
        {
            writeGate?.WaitOne();
            try
            {
                using var transaction = store.BeginImmediate();
                work(transaction);
                transaction.Commit();
            }
            finally
            {
                writeGate?.Release();
            }
        }

        /// <summary>Loads the hash last broadcast for every key of the job.</summary>
        public Dictionary<string, string> LoadSentHashes()
        {
            var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
            using var command = store.Command("SELECT record_key, hash FROM sent_hashes WHERE job_name = @job");
            command.AddParameter("@job", JobName);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                hashes[reader.GetString(0)] = reader.GetString(1);
            }

            return hashes;
        }

        public DateTimeOffset? LoadWatermark(string source)
        {
            var value = store.Scalar("SELECT value FROM watermarks WHERE job_name = @job AND source = @source", null, ("@job", JobName), ("@source", source)) as string;
            return value == null ? (DateTimeOffset?)null : StateStore.ParseTimestamp(value);
        }

        public void SaveWatermark(string source, DateTimeOffset value, DbTransaction transaction) =>
            store.Execute(
                "INSERT INTO watermarks (job_name, source, value, updated_at) VALUES (@job, @source, @value, @now) ON CONFLICT (job_name, source) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                transaction,
                ("@job", JobName),
                ("@source", source),
                ("@value", StateStore.Timestamp(value)),
                ("@now", StateStore.Timestamp(DateTimeOffset.UtcNow)));

        public void Append(OutboxEntry entry, DbTransaction transaction)
        {
            var sequence = store.Scalar(
                "INSERT INTO outbox (job_name, record_key, display_key, operation, hash, fields, created_at) VALUES (@job, @key, @display, @operation, @hash, @fields, @now) RETURNING sequence",
                transaction,
                ("@job", JobName),
                ("@key", entry.RecordKey),
                ("@display", entry.DisplayKey),
                ("@operation", entry.Operation.ToString()),
                ("@hash", entry.Hash),
                ("@fields", entry.Fields),
                ("@now", StateStore.Timestamp(DateTimeOffset.UtcNow)));
            entry.Sequence = Convert.ToInt64(sequence, CultureInfo.InvariantCulture);
        }

        public void SaveSentHash(string recordKey, string hash, DbTransaction transaction) =>
            store.Execute(
                "INSERT INTO sent_hashes (job_name, record_key, hash) VALUES (@job, @key, @hash) ON CONFLICT (job_name, record_key) DO UPDATE SET hash = excluded.hash",
                transaction,
                ("@job", JobName),
                ("@key", recordKey),
                ("@hash", hash));

        public void RemoveSentHash(string recordKey, DbTransaction transaction) =>
            store.Execute("DELETE FROM sent_hashes WHERE job_name = @job AND record_key = @key", transaction, ("@job", JobName), ("@key", recordKey));

        /// <summary>Returns the newest outbox entry of a key, to address a delete with the fields last sent.</summary>
        public OutboxEntry? FindLatest(string recordKey, DbTransaction? transaction = null)
        {
            using var command = store.Command(
                "SELECT sequence, record_key, display_key, operation, hash, fields FROM outbox WHERE job_name = @job AND record_key = @key ORDER BY sequence DESC LIMIT 1",
                transaction);
            command.AddParameter("@job", JobName);
            command.AddParameter("@key", recordKey);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadEntry(reader) : null;
        }

        public OutboxEntry? Find(long sequence)
        {
            using var command = store.Command("SELECT sequence, record_key, display_key, operation, hash, fields FROM outbox WHERE job_name = @job AND sequence = @sequence");
            command.AddParameter("@job", JobName);
            command.AddParameter("@sequence", sequence);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadEntry(reader) : null;
        }

        /// <summary>Reads up to <paramref name="count"/> outbox entries after a sequence, in order.</summary>
        public List<OutboxEntry> ReadAfter(long sequence, int count)
        {
            using var command = store.Command(
                "SELECT sequence, record_key, display_key, operation, hash, fields FROM outbox WHERE job_name = @job AND sequence > @after ORDER BY sequence LIMIT @count");
            command.AddParameter("@job", JobName);
            command.AddParameter("@after", sequence);
            command.AddParameter("@count", count);
            var entries = new List<OutboxEntry>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                entries.Add(ReadEntry(reader));
            }

            return entries;
        }

        public long CountAfter(long sequence) => Convert.ToInt64(
            store.Scalar("SELECT COUNT(*) FROM outbox WHERE job_name = @job AND sequence > @after", null, ("@job", JobName), ("@after", sequence)),
            CultureInfo.InvariantCulture);

        public long LoadCursor(string target) => Convert.ToInt64(
            store.Scalar("SELECT sequence FROM cursors WHERE job_name = @job AND target = @target", null, ("@job", JobName), ("@target", target)) ?? 0L,
            CultureInfo.InvariantCulture);

        public void SaveCursor(string target, long sequence, DbTransaction transaction) =>
            store.Execute(
                "INSERT INTO cursors (job_name, target, sequence, updated_at) VALUES (@job, @target, @sequence, @now) ON CONFLICT (job_name, target) DO UPDATE SET sequence = excluded.sequence, updated_at = excluded.updated_at",
                transaction,
                ("@job", JobName),
                ("@target", target),
                ("@sequence", sequence),
                ("@now", StateStore.Timestamp(DateTimeOffset.UtcNow)));

        public void AddDeadLetter(string target, OutboxEntry entry, int attempts, string? lastError, DbTransaction transaction) =>
            store.Execute(
                "INSERT INTO dead_letters (job_name, target, sequence, record_key, display_key, attempts, last_error, created_at) VALUES (@job, @target, @sequence, @key, @display, @attempts, @error, @now) ON CONFLICT (job_name, target, sequence) DO UPDATE SET record_key = excluded.record_key, display_key = excluded.display_key, attempts = excluded.attempts, last_error = excluded.last_error, created_at = excluded.created_at",
                transaction,
                ("@job", JobName),
                ("@target", target),
                ("@sequence", entry.Sequence),
                ("@key", entry.RecordKey),
                ("@display", entry.DisplayKey),
                ("@attempts", attempts),
                ("@error", lastError),
                ("@now", StateStore.Timestamp(DateTimeOffset.UtcNow)));

        public void UpdateDeadLetter(string target, long sequence, int attempts, string? lastError) =>
            store.Execute(
                "UPDATE dead_letters SET attempts = @attempts, last_error = @error WHERE job_name = @job AND target = @target AND sequence = @sequence",
                null,
                ("@attempts", attempts),
                ("@error", lastError),
                ("@job", JobName),
                ("@target", target),
                ("@sequence", sequence));

        public void RemoveDeadLetter(string target, long sequence) =>
            store.Execute(
                "DELETE FROM dead_letters WHERE job_name = @job AND target = @target AND sequence = @sequence",
                null,
                ("@job", JobName),
                ("@target", target),
                ("@sequence", sequence));

        /// <summary>
        /// Returns true when the target already received a later change of the same key, so
        /// re-sending the dead letter would overwrite newer data with older.
        /// </summary>
        public bool IsSuperseded(string target, DeadLetter letter)
        {
            var cursor = LoadCursor(target);
            var later = store.Scalar(
                @"SELECT COUNT(*) FROM outbox o
                  WHERE o.job_name = @job AND o.record_key = @key AND o.sequence > @sequence AND o.sequence <= @cursor
                    AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.job_name = o.job_name AND d.target = @target AND d.sequence = o.sequence)",
                null,
                ("@job", JobName),
                ("@key", letter.RecordKey),
                ("@sequence", letter.Sequence),
                ("@cursor", cursor),
                ("@target", target));
            return Convert.ToInt64(later, CultureInfo.InvariantCulture) > 0;
        }

        /// <summary>Lists dead letters, oldest first; null arguments match every job or target.</summary>
        public static List<DeadLetter> ListDeadLetters(StateStore store, string? jobName, string? target)
        {
            var sql = "SELECT job_name, target, sequence, record_key, display_key, attempts, last_error, created_at FROM dead_letters WHERE 1 = 1" +
                (jobName != null ? " AND job_name = @job" : string.Empty) +
                (target != null ? " AND LOWER(target) = LOWER(@target)" : string.Empty) +
                " ORDER BY job_name, target, sequence";
            using var command = store.Command(sql);
            if (jobName != null)
            {
                command.AddParameter("@job", jobName);
            }

            if (target != null)
            {
                command.AddParameter("@target", target);
            }

            var letters = new List<DeadLetter>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                letters.Add(new DeadLetter
                {
                    JobName = reader.GetString(0),
                    Target = reader.GetString(1),
                    Sequence = reader.GetInt64(2),
                    RecordKey = reader.GetString(3),
                    Key = reader.GetString(4),
                    Attempts = Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
                    LastError = reader.IsDBNull(6) ? null : reader.GetString(6),
                    CreatedAt = StateStore.ParseTimestamp(reader.GetString(7)),
                });
            }

            return letters;
        }

        private static OutboxEntry ReadEntry(DbDataReader reader) => new OutboxEntry
        {
            Sequence = reader.GetInt64(0),
            RecordKey = reader.GetString(1),
            DisplayKey = reader.GetString(2),
            Operation = (OutboxOperation)Enum.Parse(typeof(OutboxOperation), reader.GetString(3)),
            Hash = reader.IsDBNull(4) ? null : reader.GetString(4),
            Fields = reader.IsDBNull(5) ? null : reader.GetString(5),
        };
    }
}
