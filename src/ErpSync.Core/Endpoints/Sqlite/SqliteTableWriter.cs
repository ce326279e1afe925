using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using ErpSync.Core.Records;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ErpSync.Core.Endpoints.Sqlite
{
    /// <summary>
    /// Writes batches to an SQLite table: one transaction per batch, a failed record rolls back alone,
    /// and prepared statements are reused across batches.
    /// Decimals are stored as text so that no binary floating point rounds a price.
    /// </summary>
    internal sealed class SqliteTableWriter : IRecordWriter
    {
        private readonly SqliteEndpoint endpoint;
        private readonly SqliteConnection connection;
        private readonly string table;
        private readonly List<string> columns = new List<string>();
        private readonly HashSet<string> columnSet = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, SqliteCommand> commands = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        private readonly Dictionary<string, SqliteRawStatement> rawStatements = new Dictionary<string, SqliteRawStatement>(StringComparer.Ordinal);
        private object[] rawValues = Array.Empty<object>();
        private readonly string[] keyColumns;
        private string[] lastColumns = Array.Empty<string>();
        private string lastColumnSignature = string.Empty;
        private string lastInsertSignature = "insert:";
        private string lastUpdateSignature = "update:";
        private string lastDirectInsertSignature = "direct:";
        private IReadOnlyList<string>? lastSharedNames;
        private readonly Func<string[], string> insertSql;
        private readonly Func<string[], string> updateSql;
        private readonly Func<string[], string> directInsertSql;

        // Whether an upsert may try its INSERT first. DecideDirectInserts sets it at the first batch with an upsert.
        private DirectInserts directInserts;

        // The hash codes of the normalized keys written since direct inserts were allowed. A key found
        // here, or sharing a hash code with one, takes the UPDATE first, as every upsert did before.
        private readonly HashSet<int> writtenKeyHashes = new HashSet<int>();

        // The target's keys by normalized form, so that an upsert of 'ABC' updates the row 'abc' when the
        // endpoint ignores case, instead of inserting a second row that the next read rejects as a duplicate.
        private readonly Dictionary<string, IReadOnlyList<string>> storedKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        // The keys are read before the first batch that has an operation without an existing key,
        // instead of when the writer opens. So a run that writes nothing (a migration rerun with no
        // change) or names every row's key (a sync's updates and deletes) does not read every key of
        // the table. Until then writes are not tracked, because the load reads the committed rows.
        private bool storedKeysLoaded;

        // The stored-key changes of the current batch, so a batch that rolls back can restore them.
        private readonly List<(string Key, IReadOnlyList<string>? Previous)> keyChanges = new List<(string, IReadOnlyList<string>?)>();

        public SqliteTableWriter(SqliteEndpoint endpoint)
        {
            this.endpoint = endpoint;
            table = endpoint.Sqlite.Table!;
            connection = endpoint.Open(readOnly: false);
            keyColumns = endpoint.Schema.KeyFields.Select(k => endpoint.Options.Map.ToNativeName(k)).ToArray();
            insertSql = InsertSql;
            updateSql = UpdateSql;
            directInsertSql = DirectInsertSql;
            try
            {
                Execute("PRAGMA busy_timeout = 30000");
                LoadColumns();
            }
            catch (SqliteException ex) when (SqliteEndpoint.IsLocked(ex))
            {
                connection.Dispose();
                throw endpoint.LockedForWrite(ex);
            }
            if (columns.Count == 0 && !endpoint.Sqlite.CreateTable)
            {
                connection.Dispose();
                throw new ErpSyncException(ErrorIds.SqliteTableNotFound, $"The SQLite database '{endpoint.Sqlite.Path}' has no table '{table}'. Check the name, or pass -CreateTable to create it.", kind: ErrorKind.ObjectNotFound);
            }
        }

        public IReadOnlyList<WriteOutcome> WriteBatch(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken)
        {
            if (!storedKeysLoaded && batch.Any(o => o.ExistingKey == null))
            {
                LoadStoredKeys();
                storedKeysLoaded = true;
            }

            EnsureTable(batch);
            EnsureColumns(batch);
            if (directInserts == DirectInserts.Undecided && batch.Any(o => o.Kind == WriteKind.Upsert && o.ExistingKey == null))
            {
                directInserts = DecideDirectInserts();
            }

            // A savepoint per record costs about as much as the record's own statement, and most
            // batches have no failing record. So the batch first runs without savepoints. When a
            // record fails, the whole batch rolls back and runs again with a savepoint per record.
            // The retry gives the same outcomes and leaves the same rows as savepoints from the start.
            keyChanges.Clear();
            try
            {
                var outcomes = TryWriteWithoutSavepoints(batch, cancellationToken);
                return outcomes ?? WriteWithSavepoints(batch, cancellationToken);
            }
            catch (SqliteException ex) when (SqliteEndpoint.IsLocked(ex))
            {
                // A lock held past the busy timeout would hold up every record of the retry as well.
                UndoKeyChanges();
                throw endpoint.LockedForWrite(ex);
            }
            catch
            {
                // The transaction rolled back (a cancellation, a failed commit), so its key changes did too.
                UndoKeyChanges();
                throw;
            }
        }

        private List<WriteOutcome>? TryWriteWithoutSavepoints(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken)
        {
            var outcomes = new List<WriteOutcome>(batch.Count);
            using var transaction = connection.BeginTransaction();
            foreach (var operation in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    outcomes.Add(ApplyOperation(operation, transaction));
                }
                catch (SqliteException ex) when (!SqliteEndpoint.IsLocked(ex))
                {
                    RollBackQuietly(transaction);
                    UndoKeyChanges();
                    return null;
                }
            }

            transaction.Commit();
            return outcomes;
        }

        /// <summary>
        /// Rolls back a batch whose retry with savepoints follows. SQLite may have ended the transaction
        /// itself after some errors (a full disk, for one); the retry then meets the error again and reports it.
        /// </summary>
        private static void RollBackQuietly(SqliteTransaction transaction)
        {
            try
            {
                transaction.Rollback();
            }
            catch (SqliteException)
            {
            }
        }

        private List<WriteOutcome> WriteWithSavepoints(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken)
        {
            var outcomes = new List<WriteOutcome>(batch.Count);
            using var transaction = connection.BeginTransaction();
            foreach (var operation in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcomes.Add(Apply(operation, transaction));
            }

            transaction.Commit();
            return outcomes;
        }

        public void Truncate(CancellationToken cancellationToken)
        {
            if (columns.Count > 0)
            {
                Execute("DELETE FROM " + SqlIdentifier.Quote(table));
            }
        }

        public void Complete()
        {
        }

        public void Dispose()
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }

            foreach (var statement in rawStatements.Values)
            {
                statement.Dispose();
            }

            connection.Dispose();
        }

        private WriteOutcome Apply(WriteOperation operation, SqliteTransaction transaction)
        {
            ExecutePrepared("SAVEPOINT record", transaction);
            try
            {
                var outcome = ApplyOperation(operation, transaction);
                ExecutePrepared("RELEASE record", transaction);
                return outcome;
            }
            catch (SqliteException ex) when (!SqliteEndpoint.IsLocked(ex))
            {
                ExecutePrepared("ROLLBACK TO record", transaction);
                ExecutePrepared("RELEASE record", transaction);
                var id = IsKeyConflict(ex) && operation.Kind == WriteKind.Insert ? ErrorIds.KeyExists : ErrorIds.WriteFailed;
                return WriteOutcome.Failed(operation, Error(operation, id, $"Writing to the table '{table}' failed: {ex.Message}", ex));
            }
        }

        /// <summary>
        /// True for a primary key or unique constraint. A CHECK, NOT NULL or foreign key constraint
        /// shares the primary result code 19 but is not about the key.
        /// </summary>
        private static bool IsKeyConflict(SqliteException exception) =>
            exception.SqliteExtendedErrorCode == raw.SQLITE_CONSTRAINT_PRIMARYKEY || exception.SqliteExtendedErrorCode == raw.SQLITE_CONSTRAINT_UNIQUE;

        /// <summary>Runs one operation's statements; a failing statement throws and leaves no change of its own.</summary>
        private WriteOutcome ApplyOperation(WriteOperation operation, SqliteTransaction transaction)
        {
            if (operation.Kind != WriteKind.Upsert || operation.ExistingKey != null)
            {
                NoteWritten(operation);
            }

            var result = operation.Kind switch
            {
                WriteKind.Delete => Delete(operation, transaction),
                WriteKind.Update => Update(operation, transaction) ? WriteResultKind.Updated : WriteResultKind.NotFound,
                WriteKind.Insert => Insert(operation, transaction),
                _ => Upsert(operation, transaction),
            };
            if (result == WriteResultKind.NotFound && operation.Kind == WriteKind.Update)
            {
                return WriteOutcome.Failed(operation, Error(operation, ErrorIds.WriteFailed, $"The key '{operation.Key}' is not in the table '{table}', so it was not updated.", null));
            }

            TrackKey(operation, result);
            return WriteOutcome.Done(operation, result);
        }

        /// <summary>
        /// Runs an UPDATE and, when it found no row, an INSERT. A key that this writer has not written
        /// into a table that was empty at the first upsert batch goes to <see cref="TryDirectInsert"/> first.
        /// </summary>
        private WriteResultKind Upsert(WriteOperation operation, SqliteTransaction transaction)
        {
            if (directInserts == DirectInserts.Allowed && operation.ExistingKey == null && TryDirectInsert(operation, transaction))
            {
                return WriteResultKind.Created;
            }

            return Update(operation, transaction) ? WriteResultKind.Updated : Insert(operation, transaction);
        }

        /// <summary>
        /// Inserts a record whose key this writer has not written yet with INSERT OR ABORT, and returns
        /// true. Returns false when the insert failed and left no change, or the key was written
        /// before, so that the caller runs the UPDATE and then the INSERT, as for any other key.
        /// </summary>
        /// <remarks>
        /// OR ABORT overrides the table's own conflict clauses (REPLACE, IGNORE, ROLLBACK), so a row
        /// with the same key or any other constraint fails this one statement and undoes only it. The
        /// UPDATE then finds the row that another writer of the file added, and the plain INSERT meets
        /// the constraint under the table's clause, both as they would have without this first try.
        /// Tables with triggers never come here (see <see cref="DecideDirectInserts"/>). After a
        /// failed try, every later upsert of the writer runs the UPDATE first. Any other error (a
        /// full disk, a datatype mismatch) is thrown to the batch, as the INSERT after an UPDATE
        /// that found no row would throw it, because SQLite may have rolled back the transaction.
        /// </remarks>
        private bool TryDirectInsert(WriteOperation operation, SqliteTransaction transaction)
        {
            if (!writtenKeyHashes.Add(KeyHash(operation.Key)))
            {
                return false;
            }

            try
            {
                InsertRecord(operation.Record!, direct: true, transaction);
                return true;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_CONSTRAINT)
            {
                directInserts = DirectInserts.Denied;
                return false;
            }
        }

        /// <summary>
        /// Allows direct inserts when the table is an ordinary table without triggers and has no rows.
        /// A table that has rows gets the UPDATE first for every upsert, because most of its keys are there.
        /// </summary>
        private DirectInserts DecideDirectInserts()
        {
            if (columns.Count == 0)
            {
                return DirectInserts.Denied;
            }

            using (var command = connection.CreateCommand())
            {
                command.CommandText =
                    "SELECT (SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $table COLLATE NOCASE AND sql NOT LIKE 'CREATE VIRTUAL%'), " +
                    "(SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = $table COLLATE NOCASE)";
                command.Parameters.AddWithValue("$table", table);
                using var reader = command.ExecuteReader();
                if (!reader.Read() || reader.GetInt64(0) != 1 || reader.GetInt64(1) != 0)
                {
                    return DirectInserts.Denied;
                }
            }

            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT EXISTS (SELECT 1 FROM " + SqlIdentifier.Quote(table) + ")";
                return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0 ? DirectInserts.Allowed : DirectInserts.Denied;
            }
        }

        /// <summary>Notes a key that an operation writes, so a later upsert of it runs the UPDATE first.</summary>
        private void NoteWritten(WriteOperation operation)
        {
            if (directInserts != DirectInserts.Allowed)
            {
                return;
            }

            writtenKeyHashes.Add(KeyHash(operation.Key));
            if (operation.ExistingKey != null)
            {
                writtenKeyHashes.Add(KeyHash(operation.ExistingKey));
            }
        }

        private static int KeyHash(RecordKey key) => StringComparer.Ordinal.GetHashCode(key.Normalized);

        private WriteResultKind Delete(WriteOperation operation, SqliteTransaction transaction)
        {
            var command = Prepare("delete", () => "DELETE FROM " + SqlIdentifier.Quote(table) + " WHERE " + KeyCondition(), transaction);
            BindKey(command, operation);
            return command.ExecuteNonQuery() > 0 ? WriteResultKind.Deleted : WriteResultKind.NotFound;
        }

        private bool Update(WriteOperation operation, SqliteTransaction transaction)
        {
            var record = operation.Record!;
            var columns = RecordColumns(record);
            var parts = StoredParts(operation);
            var signature = lastUpdateSignature;
            if (TryBindRaw(record, signature, columns, updateSql, out var statement))
            {
                for (var i = 0; i < keyColumns.Length; i++)
                {
                    statement.Bind(record.Fields.Count + i, parts[i]);
                }

                return statement.Execute() > 0;
            }

            var command = Prepare(signature, columns, updateSql, transaction);
            BindValues(command, record);
            BindKey(command, parts);
            return command.ExecuteNonQuery() > 0;
        }

        private WriteResultKind Insert(WriteOperation operation, SqliteTransaction transaction)
        {
            InsertRecord(operation.Record!, direct: false, transaction);
            return WriteResultKind.Created;
        }

        /// <summary>Runs the INSERT, or with <paramref name="direct"/> the INSERT OR ABORT, of the record's columns.</summary>
        private void InsertRecord(ErpRecord record, bool direct, SqliteTransaction transaction)
        {
            var columns = RecordColumns(record);
            var signature = direct ? lastDirectInsertSignature : lastInsertSignature;
            var sql = direct ? directInsertSql : insertSql;
            if (TryBindRaw(record, signature, columns, sql, out var statement))
            {
                statement.Execute();
                return;
            }

            var command = Prepare(signature, columns, sql, transaction);
            BindValues(command, record);
            command.ExecuteNonQuery();
        }

        private string UpdateSql(string[] columns) =>
            "UPDATE " + SqlIdentifier.Quote(table) + " SET " +
            string.Join(", ", columns.Select((c, i) => SqlIdentifier.Quote(c) + " = $v" + i)) +
            " WHERE " + KeyCondition();

        private string InsertSql(string[] columns) => InsertSql("INSERT INTO ", columns);

        private string DirectInsertSql(string[] columns) => InsertSql("INSERT OR ABORT INTO ", columns);

        private string InsertSql(string verb, string[] columns) =>
            verb + SqlIdentifier.Quote(table) + " (" +
            string.Join(", ", columns.Select(SqlIdentifier.Quote)) + ") VALUES (" +
            string.Join(", ", columns.Select((_, i) => "$v" + i)) + ")";

        /// <summary>
        /// Binds the record's values in field order to the raw statement of the signature and returns
        /// true, when every value converts to a type that binds as Microsoft.Data.Sqlite binds it.
        /// Other records take the SqliteCommand path. The caller binds the key parts after the values.
        /// </summary>
        private bool TryBindRaw(ErpRecord record, string signature, string[] columns, Func<string[], string> sql, out SqliteRawStatement statement)
        {
            statement = null!;
            var fields = record.Fields;
            if (rawValues.Length < fields.Count)
            {
                rawValues = new object[fields.Count];
            }

            for (var i = 0; i < fields.Count; i++)
            {
                rawValues[i] = ToDatabase(fields.ValueAt(i));
                if (!SqliteRawStatement.CanBind(rawValues[i]))
                {
                    return false;
                }
            }

            if (!rawStatements.TryGetValue(signature, out statement))
            {
                statement = new SqliteRawStatement(connection, sql(columns));
                rawStatements.Add(signature, statement);
            }

            for (var i = 0; i < fields.Count; i++)
            {
                statement.Bind(i, rawValues[i]);
            }

            return true;
        }

        private string KeyCondition() =>
            string.Join(" AND ", keyColumns.Select((c, i) => SqlIdentifier.Quote(c) + " = $k" + i));

        /// <summary>Binds the key parts to $k0, $k1 ..., which every statement with a key condition names last.</summary>
        private void BindKey(SqliteCommand command, WriteOperation operation) => BindKey(command, StoredParts(operation));

        private void BindKey(SqliteCommand command, IReadOnlyList<string> parts)
        {
            var first = command.Parameters.Count - keyColumns.Length;
            for (var i = 0; i < keyColumns.Length; i++)
            {
                command.Parameters[first + i].Value = parts[i];
            }
        }

        /// <summary>Returns the key parts as stored in the table: the caller's existing key, else the stored row with the same normalized key, else the record's own key.</summary>
        private IReadOnlyList<string> StoredParts(WriteOperation operation)
        {
            if (operation.ExistingKey != null)
            {
                return operation.ExistingKey.RawParts;
            }

            // Keys stored in their normalized form are not kept, so the normalized parts address them.
            return storedKeys.TryGetValue(operation.Key.Normalized, out var stored) ? stored : NormalizedParts(operation.Key);
        }

        private IReadOnlyList<string> NormalizedParts(RecordKey key) =>
            keyColumns.Length == 1 ? new[] { key.Normalized } : key.Normalized.Split(RecordKey.PartSeparator);

        /// <summary>Returns true when a key's raw parts differ from their normalized form, the only keys the writer must remember.</summary>
        private bool DiffersFromNormalized(RecordKey key)
        {
            var normalized = NormalizedParts(key);
            for (var i = 0; i < normalized.Count; i++)
            {
                if (!string.Equals(key.RawParts[i], normalized[i], StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Keeps the stored keys in step with a committed write; an update also writes the key columns, so the row now contains the record's key.</summary>
        private void TrackKey(WriteOperation operation, WriteResultKind result)
        {
            if (!storedKeysLoaded)
            {
                return;
            }

            if (result == WriteResultKind.Deleted)
            {
                ForgetKey((operation.ExistingKey ?? operation.Key).Normalized);
                return;
            }

            if (result != WriteResultKind.Created && result != WriteResultKind.Updated)
            {
                return;
            }

            if (operation.ExistingKey != null)
            {
                ForgetKey(operation.ExistingKey.Normalized);
            }

            if (!DiffersFromNormalized(operation.Key))
            {
                ForgetKey(operation.Key.Normalized);
                return;
            }

            keyChanges.Add((operation.Key.Normalized, storedKeys.TryGetValue(operation.Key.Normalized, out var previous) ? previous : null));
            storedKeys[operation.Key.Normalized] = operation.Key.RawParts;
        }

        private void ForgetKey(string normalized)
        {
            if (storedKeys.TryGetValue(normalized, out var previous))
            {
                keyChanges.Add((normalized, previous));
                storedKeys.Remove(normalized);
            }
        }

        /// <summary>Restores the stored keys that a rolled-back batch changed, newest change first.</summary>
        private void UndoKeyChanges()
        {
            for (var i = keyChanges.Count - 1; i >= 0; i--)
            {
                var (normalized, previous) = keyChanges[i];
                if (previous == null)
                {
                    storedKeys.Remove(normalized);
                }
                else
                {
                    storedKeys[normalized] = previous;
                }
            }

            keyChanges.Clear();
        }

        /// <summary>Reads the key columns of every row and keeps those not in normalized form; memory grows with the number of such keys only.</summary>
        private void LoadStoredKeys()
        {
            if (columns.Count == 0 || keyColumns.Any(k => !columnSet.Contains(k)))
            {
                return;
            }

            var normalization = endpoint.Options.KeyNormalization;
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT " + string.Join(", ", keyColumns.Select(SqlIdentifier.Quote)) + " FROM " + SqlIdentifier.Quote(table);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var parts = new string[keyColumns.Length];
                var complete = true;
                for (var i = 0; i < parts.Length; i++)
                {
                    var value = reader.IsDBNull(i) ? null : CanonicalValue.Of(reader.GetValue(i));
                    if (value == null || value.Trim().Length == 0)
                    {
                        complete = false;
                        break;
                    }

                    parts[i] = value;
                }

                if (complete)
                {
                    var key = new RecordKey(parts, normalization);
                    if (DiffersFromNormalized(key) && !storedKeys.ContainsKey(key.Normalized))
                    {
                        storedKeys.Add(key.Normalized, parts);
                    }
                }
            }
        }

        /// <summary>Binds the record's values in field order to $v0, $v1 ..., which every statement names first.</summary>
        private static void BindValues(SqliteCommand command, ErpRecord record)
        {
            var fields = record.Fields;
            for (var i = 0; i < fields.Count; i++)
            {
                command.Parameters[i].Value = ToDatabase(fields.ValueAt(i));
            }
        }

        /// <summary>
        /// Returns the table columns of the record's fields in field order, and sets the statement
        /// cache's signatures of that list. Records of one batch nearly always share one field list, so
        /// the last list is reused when it matches.
        /// </summary>
        private string[] RecordColumns(ErpRecord record)
        {
            var names = record.Fields.Names;
            if (record.Fields.HasSharedNames && ReferenceEquals(names, lastSharedNames))
            {
                return lastColumns;
            }

            var map = endpoint.Options.Map;
            var same = lastColumns.Length == names.Count;
            for (var i = 0; same && i < names.Count; i++)
            {
                same = string.Equals(lastColumns[i], map.ToNativeName(names[i]), StringComparison.Ordinal);
            }

            if (!same)
            {
                lastColumns = names.Select(map.ToNativeName).ToArray();
                lastColumnSignature = string.Join("\u001F", lastColumns);
                lastInsertSignature = "insert:" + lastColumnSignature;
                lastUpdateSignature = "update:" + lastColumnSignature;
                lastDirectInsertSignature = "direct:" + lastColumnSignature;
            }

            lastSharedNames = record.Fields.HasSharedNames ? names : null;
            return lastColumns;
        }

        // A lambda that captured the columns in Insert or Update would allocate its closure on every call, even when the raw statement binds.
        private SqliteCommand Prepare(string signature, string[] columns, Func<string[], string> sql, SqliteTransaction transaction) =>
            Prepare(signature, () => sql(columns), transaction);

        private SqliteCommand Prepare(string signature, Func<string> sql, SqliteTransaction transaction)
        {
            if (!commands.TryGetValue(signature, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql();
                foreach (var name in ParameterNames(command.CommandText))
                {
                    command.Parameters.Add(new SqliteParameter(name, null));
                }

                command.Prepare();
                commands.Add(signature, command);
            }

            command.Transaction = transaction;
            return command;
        }

        private static IEnumerable<string> ParameterNames(string sql)
        {
            var names = new List<string>();
            for (var i = 0; i < sql.Length; i++)
            {
                if (sql[i] != '$')
                {
                    continue;
                }

                var end = i + 1;
                while (end < sql.Length && char.IsLetterOrDigit(sql[end]))
                {
                    end++;
                }

                names.Add(sql.Substring(i, end - i));
                i = end - 1;
            }

            return names.Distinct();
        }

        private static readonly object BoxedTrue = 1L;
        private static readonly object BoxedFalse = 0L;

        private static object ToDatabase(object? value)
        {
            switch (value)
            {
                case null:
                    return DBNull.Value;
                case decimal d:
                    return CanonicalValue.Normalize(d).ToString(CultureInfo.InvariantCulture);
                case DateTimeOffset dto:
                    return dto.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
                case bool b:
                    return b ? BoxedTrue : BoxedFalse;
                default:
                    return value;
            }
        }

        private void EnsureTable(IReadOnlyList<WriteOperation> batch)
        {
            if (columns.Count > 0)
            {
                return;
            }

            var first = batch.FirstOrDefault(o => o.Record != null)?.Record;
            if (first == null)
            {
                return;
            }

            var definitions = new List<string>();
            var names = new List<string>();
            foreach (var field in endpoint.Schema.Fields.Select(f => f.Name).Concat(first.Fields.Names))
            {
                var column = endpoint.Options.Map.ToNativeName(field);
                if (names.Contains(column, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                names.Add(column);
                definitions.Add(SqlIdentifier.Quote(column) + " " + SqlType(endpoint.Schema.TypeOf(field)));
            }

            var sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").Append(SqlIdentifier.Quote(table)).Append(" (")
                .Append(string.Join(", ", definitions))
                .Append(", PRIMARY KEY (").Append(string.Join(", ", keyColumns.Select(SqlIdentifier.Quote))).Append("))");
            Execute(sql.ToString());
            LoadColumns();
        }

        /// <summary>Adds the columns that records of the batch carry and the table lacks, before the batch's transaction starts.</summary>
        private void EnsureColumns(IReadOnlyList<WriteOperation> batch)
        {
            foreach (var (column, type) in MissingColumns.Of(batch, endpoint.Options, columnSet))
            {
                AddColumn(column, type);
            }
        }

        private void AddColumn(string column, FieldType type)
        {
            Execute("ALTER TABLE " + SqlIdentifier.Quote(table) + " ADD COLUMN " + SqlIdentifier.Quote(column) + " " + SqlType(type));
            columns.Add(column);
            columnSet.Add(column);
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }

            foreach (var statement in rawStatements.Values)
            {
                statement.Dispose();
            }

            commands.Clear();
            rawStatements.Clear();
        }

        private static string SqlType(FieldType type) => type switch
        {
            FieldType.Integer => "INTEGER",
            FieldType.Boolean => "INTEGER",
            _ => "TEXT",
        };

        private void LoadColumns()
        {
            columns.Clear();
            columnSet.Clear();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM pragma_table_info($table)";
            command.Parameters.AddWithValue("$table", table);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var name = reader.GetString(0);
                columns.Add(name);
                columnSet.Add(name);
            }
        }

        private void ExecutePrepared(string sql, SqliteTransaction transaction) =>
            Prepare(sql, () => sql, transaction).ExecuteNonQuery();

        private void Execute(string sql, SqliteTransaction? transaction = null)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            command.ExecuteNonQuery();
        }

        /// <summary>Whether an upsert of a key not yet written may go straight to INSERT.</summary>
        private enum DirectInserts
        {
            Undecided,
            Allowed,
            Denied,
        }

        private RecordError Error(WriteOperation operation, string errorId, string message, Exception? exception) =>
            new RecordError(errorId, message)
            {
                Source = endpoint.Describe(),
                Key = operation.Key.ToString(),
                Target = operation.Record,
                Exception = exception,
                Kind = ErrorKind.WriteError,
                Position = operation.Record?.Position,
            };
    }
}
