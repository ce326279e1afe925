using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace ErpSync.Core.State
{
    /// <summary>
    /// The SQLite file that remembers what jobs did: runs, checkpoints, locks, baselines, id maps,
    /// conflicts, the broadcast outbox and its cursors, and dead letters. WAL mode lets a reader see
    /// the last committed state while a run writes. On Unix the file is readable by its owner only.
    /// </summary>
    public sealed class StateStore : IDisposable
    {
        /// <summary>The environment variable that overrides the default state store path.</summary>
        public const string PathVariable = "ERPSYNC_STATE";

        private StateStore(string path, SqliteConnection connection)
        {
            Path = path;
            Connection = connection;
        }

        public string Path { get; }

        /// <summary>The open connection; the stores of each pattern (baselines, conflicts, outbox) run their SQL on it.</summary>
        public SqliteConnection Connection { get; }

        /// <summary>Returns the path used when none is given: ERPSYNC_STATE, else state.db in the user's data folder.</summary>
        public static string DefaultPath()
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(PathVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return fromEnvironment!;
            }

            string folder;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                folder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            }
            else
            {
                var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
                folder = string.IsNullOrEmpty(dataHome)
                    ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
                    : dataHome!;
            }

            return System.IO.Path.Combine(folder, "ErpSync", "state.db");
        }

        /// <summary>Opens (and creates or upgrades) the store at the path, or at <see cref="DefaultPath"/> when the path is null.</summary>
        public static StateStore Open(string? path = null)
        {
            var fullPath = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? DefaultPath() : path!);
            try
            {
                CreateFile(fullPath);
                var builder = new SqliteConnectionStringBuilder
                {
                    DataSource = fullPath,
                    Mode = SqliteOpenMode.ReadWriteCreate,
                    Pooling = false,
                    DefaultTimeout = 30,
                };
                var connection = new SqliteConnection(builder.ToString());
                connection.Open();
                var store = new StateStore(fullPath, connection);
                store.Execute("PRAGMA journal_mode = WAL");
                store.Execute("PRAGMA busy_timeout = 30000");
                store.Execute("PRAGMA synchronous = NORMAL");
                store.Upgrade();
                return store;
            }
            catch (Exception ex) when (ex is SqliteException || ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ErpSyncException(
                    ErrorIds.StateStoreError,
                    $"The state store '{fullPath}' could not be opened: {ex.Message} Pass another path with -StatePath or set {PathVariable}.",
                    ex,
                    ErrorKind.ResourceUnavailable);
            }
        }

        public int SchemaVersion => Convert.ToInt32(Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture);

        public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            return command;
        }

        public int Execute(string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(sql, transaction);
            Bind(command, parameters);
            return command.ExecuteNonQuery();
        }

        public object? Scalar(string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(sql, transaction);
            Bind(command, parameters);
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }

        /// <summary>Starts a transaction that takes the write lock at once, so two processes never interleave a read-then-write.</summary>
        public SqliteTransaction BeginImmediate() => Connection.BeginTransaction(deferred: false);

        public static string Timestamp(DateTimeOffset value) =>
            value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        public static DateTimeOffset ParseTimestamp(string value) =>
            DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        public void Dispose() => Connection.Dispose();

        private static void Bind(SqliteCommand command, (string Name, object? Value)[] parameters)
        {
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
        }

        private void Upgrade()
        {
            var version = SchemaVersion;
            if (version > StateSchema.Version)
            {
                throw new ErpSyncException(
                    ErrorIds.StateStoreError,
                    $"The state store '{Path}' has schema version {version}, newer than this ErpSync understands ({StateSchema.Version}). Update ErpSync, or use another -StatePath.",
                    kind: ErrorKind.InvalidData);
            }

            for (var step = version; step < StateSchema.Version; step++)
            {
                using var transaction = BeginImmediate();
                if (SchemaVersionIn(transaction) > step)
                {
                    // Another process upgraded the store while this one waited for the write lock.
                    transaction.Commit();
                    continue;
                }

                foreach (var sql in StateSchema.Steps[step])
                {
                    Execute(sql, transaction);
                }

                Execute("PRAGMA user_version = " + (step + 1).ToString(CultureInfo.InvariantCulture), transaction);
                transaction.Commit();
            }
        }

        private int SchemaVersionIn(SqliteTransaction transaction) =>
            Convert.ToInt32(Scalar("PRAGMA user_version", transaction), CultureInfo.InvariantCulture);

        private static void CreateFile(string path)
        {
            var folder = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            if (File.Exists(path))
            {
                return;
            }

            using (new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
            }

            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // Owner read and write only (0600); SQLite gives its WAL and shared-memory files the same mode.
                UnixPermissions.SetOwnerOnly(path);
            }
        }
    }
}
