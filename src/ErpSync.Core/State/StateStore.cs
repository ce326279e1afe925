using System;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ErpSync.Core.State
{
    /// <summary>
    /// The database that remembers what jobs did: runs, checkpoints, locks, baselines, id maps,
    /// conflicts, the broadcast outbox and its cursors, and dead letters. It is a SQLite file by
    /// default, in WAL mode so that a reader sees the last committed state while a run writes, and
    /// on Unix readable by its owner only. A PostgreSQL connection string in place of the path puts
    /// the same tables in a PostgreSQL database, which the machines running a job can share.
    /// </summary>
    public sealed class StateStore : IDisposable
    {
        /// <summary>The environment variable that overrides the default state store path.</summary>
        public const string PathVariable = "ERPSYNC_STATE";

        private const string SchemaLockName = "erpsync:schema";

        private const string WriteLockName = "erpsync:state";

        private StateStore(string location, string path, DbConnection connection, StateDialect dialect)
        {
            Location = location;
            Path = path;
            Connection = connection;
            Dialect = dialect;
        }

        /// <summary>The file path, or for PostgreSQL postgresql://user@host:port/database without the password; shown in messages.</summary>
        public string Path { get; }

        /// <summary>The open connection; the stores of each pattern (baselines, conflicts, outbox) run their SQL on it.</summary>
        public DbConnection Connection { get; }

        /// <summary>True when the store is a PostgreSQL database rather than a SQLite file.</summary>
        public bool IsPostgreSql => Dialect is PostgreSqlStateDialect;

        /// <summary>The location as given to <see cref="Open"/>, with any password; for opening the store again, never for messages.</summary>
        internal string Location { get; }

        internal StateDialect Dialect { get; }

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

        /// <summary>
        /// Opens (and creates or upgrades) the store at the path, or at <see cref="DefaultPath"/> when
        /// the path is null. A value starting with postgresql:// or postgres://, or containing Host=,
        /// is a PostgreSQL connection string; any other value is a file path.
        /// </summary>
        public static StateStore Open(string? path = null)
        {
            var location = string.IsNullOrWhiteSpace(path) ? DefaultPath() : path!;
            return PostgreSqlStateLocation.IsConnectionString(location) ? OpenPostgreSql(location) : OpenSqlite(location);
        }

        /// <summary>Returns true when the value names a PostgreSQL database (postgresql://, postgres:// or Host=) rather than a file.</summary>
        public static bool IsConnectionString(string location) => PostgreSqlStateLocation.IsConnectionString(location);

        public int SchemaVersion => Dialect.ReadVersion(this, null);

        /// <summary>Creates a command on the store's connection; add parameters with AddParameter("@name", value).</summary>
        public DbCommand Command(string sql, DbTransaction? transaction = null)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            return command;
        }

        public int Execute(string sql, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(sql, transaction);
            Bind(command, parameters);
            return command.ExecuteNonQuery();
        }

        public object? Scalar(string sql, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(sql, transaction);
            Bind(command, parameters);
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }

        /// <summary>
        /// Starts a write transaction that excludes the other transactions started this way, so two
        /// processes never interleave a read-then-write: on SQLite BEGIN IMMEDIATE, on PostgreSQL an
        /// advisory lock held until commit or rollback.
        /// </summary>
        public DbTransaction BeginImmediate() => Begin(WriteLockName);

        /// <summary>
        /// Starts a transaction that excludes the other writers holding the same lock name: on SQLite
        /// every writer, on PostgreSQL those that name the same lock.
        /// </summary>
        internal DbTransaction Begin(string lockName) => Dialect.Begin(Connection, lockName);

        public static string Timestamp(DateTimeOffset value) =>
            value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        public static DateTimeOffset ParseTimestamp(string value) =>
            DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        public void Dispose() => Connection.Dispose();

        private static void Bind(DbCommand command, (string Name, object? Value)[] parameters)
        {
            foreach (var (name, value) in parameters)
            {
                command.AddParameter(name, value);
            }
        }

        private static StateStore OpenSqlite(string location)
        {
            var fullPath = System.IO.Path.GetFullPath(location);
            SqliteConnection? connection = null;
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
                connection = new SqliteConnection(builder.ToString());
                connection.Open();
                return Prepare(new StateStore(fullPath, fullPath, connection, StateDialect.Sqlite));
            }
            catch (Exception ex) when (ex is SqliteException || ex is IOException || ex is UnauthorizedAccessException)
            {
                connection?.Dispose();
                throw new ErpSyncException(
                    ErrorIds.StateStoreError,
                    $"The state store '{fullPath}' could not be opened: {ex.Message} Pass another path with -StatePath or set {PathVariable}.",
                    ex,
                    ErrorKind.ResourceUnavailable);
            }
        }

        private static StateStore OpenPostgreSql(string location)
        {
            var server = PostgreSqlStateLocation.Parse(location);
            DbConnection? connection = null;
            try
            {
                connection = server.Connector.Open();
                return Prepare(new StateStore(location, server.Display, connection, new PostgreSqlStateDialect(server.CreatedSchema)));
            }
            catch (ErpSyncException ex) when (ex.ErrorId != ErrorIds.StateStoreError)
            {
                connection?.Dispose();
                throw new ErpSyncException(
                    ErrorIds.StateStoreError,
                    $"The state store '{server.Display}' could not be opened: {ex.Message} Pass another connection string with -StatePath or set {PathVariable}.",
                    ex,
                    ErrorKind.ResourceUnavailable);
            }
            catch (Exception ex) when (ex is NpgsqlException || ex is TimeoutException || ex is InvalidOperationException)
            {
                connection?.Dispose();
                var failure = server.Connector.Translate(ex);
                throw new ErpSyncException(
                    ErrorIds.StateStoreError,
                    $"The state store '{server.Display}' could not be opened: {failure.Message} Pass another connection string with -StatePath or set {PathVariable}.",
                    failure.InnerException,
                    ErrorKind.ResourceUnavailable);
            }
        }

        private static StateStore Prepare(StateStore store)
        {
            try
            {
                store.Dialect.Configure(store);
                store.Upgrade();
                return store;
            }
            catch
            {
                store.Dispose();
                throw;
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
                using var transaction = Begin(SchemaLockName);
                Dialect.PrepareUpgrade(this, transaction);
                if (Dialect.ReadVersion(this, transaction) > step)
                {
                    // Another process upgraded the store while this one waited for the lock.
                    transaction.Commit();
                    continue;
                }

                foreach (var sql in StateSchema.Steps[step])
                {
                    Execute(Dialect.SchemaStatement(sql), transaction);
                }

                Dialect.WriteVersion(this, transaction, step + 1);
                transaction.Commit();
            }
        }

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
