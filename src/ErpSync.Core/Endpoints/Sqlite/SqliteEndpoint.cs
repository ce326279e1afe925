using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ErpSync.Core.Endpoints.Sqlite
{
    /// <summary>A table (or a query) in an SQLite database file.</summary>
    public sealed class SqliteEndpoint : Endpoint
    {
        public SqliteEndpoint(EndpointOptions options, SqliteEndpointOptions sqlite)
            : base(options)
        {
            if (string.IsNullOrWhiteSpace(sqlite.Table) == string.IsNullOrWhiteSpace(sqlite.Query))
            {
                throw new ErpSyncException(ErrorIds.EndpointInvalid, "An SQLite endpoint needs either -Table or -Query, not both.", kind: ErrorKind.InvalidArgument);
            }

            Sqlite = sqlite;
        }

        public SqliteEndpointOptions Sqlite { get; }

        public override string Kind => "Sqlite";

        public override string Location => Sqlite.Table != null ? $"{Sqlite.Path}, table {Sqlite.Table}" : $"{Sqlite.Path}, query";

        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read |
            (Sqlite.Table != null ? EndpointCapabilities.Write | EndpointCapabilities.Transactions : EndpointCapabilities.None) |
            (Options.ModifiedField != null ? EndpointCapabilities.ReadChangedSince : EndpointCapabilities.None);

        protected override string PositionLabel => "row";

        public override IRecordWriter OpenWriter()
        {
            if (Sqlite.Table == null)
            {
                throw new ErpSyncException(ErrorIds.EndpointReadOnly, $"The {Describe()} reads a query, so it cannot be written. Give it -Table instead.", kind: ErrorKind.InvalidArgument);
            }

            return new SqliteTableWriter(this);
        }

        public override long? CountRecords(CancellationToken cancellationToken = default)
        {
            if (!TableExists())
            {
                return Sqlite.Table != null && Sqlite.CreateTable ? 0 : (long?)null;
            }

            using var connection = Open(readOnly: true);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM " + Source();
            return Convert.ToInt64(command.ExecuteScalar());
        }

        protected override IEnumerable<ReadItem> ReadRecords(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            if (Sqlite.Table != null && !TableExists())
            {
                if (Sqlite.CreateTable)
                {
                    yield break;
                }

                throw new ErpSyncException(ErrorIds.SqliteTableNotFound, $"The SQLite database '{Sqlite.Path}' has no table '{Sqlite.Table}'. Check the name, or pass -CreateTable to create it on the first write.", kind: ErrorKind.ObjectNotFound);
            }

            using var connection = Open(readOnly: true);
            var sql = "SELECT * FROM " + Source();
            using var rows = OpenRows(connection, sql);
            var names = rows.Names;
            CheckColumns(names);
            long row = 0;
            var values = new object?[names.Length];
            while (rows.Read(values))
            {
                cancellationToken.ThrowIfCancellationRequested();
                row++;
                var item = Builder.Build(names, values, row);
                if (since != null && item.Record != null && item.Record.ModifiedAt < since)
                {
                    continue;
                }

                yield return item;
            }
        }

        internal override IEnumerable<ReadItem>? ReadByKeys(IReadOnlyList<Records.RecordKey> keys, CancellationToken cancellationToken) =>
            Sqlite.Table == null ? null : new SqliteKeyReader(this).Read(keys, cancellationToken);

        /// <summary>Fails the read once, before any row, when the key or a mapped column is missing, instead of rejecting every row.</summary>
        private void CheckColumns(IReadOnlyList<string> names)
        {
            var present = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
            var required = Schema.KeyFields.Select(k => (Field: k, Column: Options.Map.ToNativeName(k)))
                .Concat(Options.Map.EntityToNative.Select(p => (Field: p.Key, Column: p.Value)));
            foreach (var (field, column) in required)
            {
                if (!present.Contains(column))
                {
                    throw new ErpSyncException(
                        ErrorIds.FieldMissing,
                        $"The {Describe()} has no column '{column}' for the field '{field}' (columns: {string.Join(", ", names)}). Map the field with -Map @{{ {field} = 'column' }}, or name the key with -Key.",
                        kind: ErrorKind.InvalidArgument);
                }
            }
        }

        internal SqliteConnection Open(bool readOnly)
        {
            if (readOnly && !File.Exists(Sqlite.Path))
            {
                throw new ErpSyncException(ErrorIds.FileNotFound, $"The SQLite database '{Sqlite.Path}' does not exist. Check the path given to -Sqlite.", kind: ErrorKind.ObjectNotFound);
            }

            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = Sqlite.Path,
                Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            };
            var connection = new SqliteConnection(builder.ToString());
            try
            {
                connection.Open();
            }
            catch (SqliteException ex)
            {
                connection.Dispose();
                throw new ErpSyncException(ErrorIds.SqliteError, $"The SQLite database '{Sqlite.Path}' could not be opened: {ex.Message}", ex, ErrorKind.ResourceUnavailable);
            }

            return connection;
        }

        internal bool TableExists()
        {
            if (Sqlite.Table == null)
            {
                return true;
            }

            if (!File.Exists(Sqlite.Path))
            {
                return false;
            }

            using var connection = Open(readOnly: true);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = $name";
            command.Parameters.AddWithValue("$name", Sqlite.Table);
            try
            {
                return Convert.ToInt64(command.ExecuteScalar()) > 0;
            }
            catch (SqliteException ex)
            {
                throw ReadFailed(ex);
            }
        }

        /// <summary>Runs a SELECT up to its first row; an error there becomes the endpoint's read error.</summary>
        internal SqliteRowReader OpenRows(SqliteConnection connection, string sql, IReadOnlyList<KeyValuePair<string, string>>? parameters = null)
        {
            try
            {
                return SqliteRowReader.Open(connection, sql, parameters);
            }
            catch (SqliteException ex)
            {
                throw ReadFailed(ex);
            }
        }

        /// <summary>Returns the error for a failed read; a busy database gets its own hint because the query is not at fault.</summary>
        internal ErpSyncException ReadFailed(SqliteException ex)
        {
            if (ex.SqliteErrorCode == 5 || ex.SqliteErrorCode == 6)
            {
                return new ErpSyncException(ErrorIds.SqliteError, $"Reading the {Describe()} failed: another connection holds a write lock on the database ({ex.Message}). Run again when that write has finished.", ex, ErrorKind.ResourceUnavailable);
            }

            return new ErpSyncException(ErrorIds.SqliteError, $"Reading the {Describe()} failed: {ex.Message}", ex, ErrorKind.InvalidArgument);
        }

        /// <summary>True for SQLite's busy and locked results, which another connection's lock causes and the query does not.</summary>
        internal static bool IsLocked(SqliteException ex) => ex.SqliteErrorCode == raw.SQLITE_BUSY || ex.SqliteErrorCode == raw.SQLITE_LOCKED;

        /// <summary>Returns the error for a write that another connection's lock kept waiting for longer than the busy timeout.</summary>
        internal ErpSyncException LockedForWrite(SqliteException ex) =>
            new ErpSyncException(
                ErrorIds.SqliteError,
                $"Writing to the {Describe()} failed: another connection held a lock on the database '{Sqlite.Path}' for more than 30 s ({ex.Message}). " +
                "Nothing of the current batch was written. Close the program that holds the lock (an open sqlite3 shell or another job, for example) and run again.",
                ex,
                ErrorKind.ResourceUnavailable);

        private string Source() => Sqlite.Table != null ? SqlIdentifier.Quote(Sqlite.Table) : "(" + Sqlite.Query + ")";
    }
}
