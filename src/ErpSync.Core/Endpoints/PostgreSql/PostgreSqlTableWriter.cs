using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using ErpSync.Core.Records;
using Npgsql;
using NpgsqlTypes;

namespace ErpSync.Core.Endpoints.PostgreSql
{
    /// <summary>
    /// Writes batches to a PostgreSQL table: one transaction per batch, a savepoint per record so
    /// that a failed record rolls back alone, and prepared statements reused across batches.
    /// An upsert is one INSERT ... ON CONFLICT when a unique constraint covers exactly the key
    /// columns, and an UPDATE followed by an INSERT otherwise. Values travel as invariant text of
    /// unknown type, so the server converts them to each column's own type and decimals stay exact.
    /// A table that was empty when the writer opened is filled with one binary COPY per batch instead
    /// of several round trips per row. After the first batch that COPY rejects, every batch goes row by row.
    /// </summary>
    internal sealed class PostgreSqlTableWriter : IRecordWriter
    {
        private const string Savepoint = "record";

        private readonly PostgreSqlEndpoint endpoint;
        private readonly NpgsqlConnection connection;
        private readonly string table;
        private readonly string[] keyColumns;
        private readonly List<string> columns = new List<string>();
        private readonly HashSet<string> columnSet = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, NpgsqlCommand> commands = new Dictionary<string, NpgsqlCommand>(StringComparer.Ordinal);
        private readonly Dictionary<string, NpgsqlDbType> columnTypes = new Dictionary<string, NpgsqlDbType>(StringComparer.Ordinal);
        private bool keyIsUnique;
        private bool bulkLoad;

        public PostgreSqlTableWriter(PostgreSqlEndpoint endpoint)
        {
            this.endpoint = endpoint;
            table = endpoint.TableName!.Quoted;
            keyColumns = endpoint.Schema.KeyFields.Select(k => endpoint.Options.Map.ToNativeName(k)).ToArray();
            connection = endpoint.Connector.Open();
            LoadColumns();
            if (columns.Count == 0 && !endpoint.PostgreSql.CreateTable)
            {
                connection.Dispose();
                throw endpoint.TableNotFound();
            }

            bulkLoad = columns.Count == 0 || IsEmpty();
        }

        public IReadOnlyList<WriteOutcome> WriteBatch(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken)
        {
            EnsureTable(batch);
            EnsureColumns(batch);
            var outcomes = new List<WriteOutcome>(batch.Count);
            using var transaction = endpoint.Run(() => connection.BeginTransaction());
            if (TryCopy(batch, transaction))
            {
                outcomes.AddRange(batch.Select(o => WriteOutcome.Done(o, WriteResultKind.Created)));
            }
            else
            {
                foreach (var operation in batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    outcomes.Add(Apply(operation, transaction));
                }
            }

            endpoint.Run(() =>
            {
                transaction.Commit();
                return true;
            });
            return outcomes;
        }

        public void Truncate(CancellationToken cancellationToken)
        {
            if (columns.Count > 0)
            {
                Execute("DELETE FROM " + table);
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

            connection.Dispose();
        }

        private WriteOutcome Apply(WriteOperation operation, NpgsqlTransaction transaction)
        {
            transaction.Save(Savepoint);
            try
            {
                var result = operation.Kind switch
                {
                    WriteKind.Delete => Delete(operation, transaction),
                    WriteKind.Update => Update(operation, transaction) ? WriteResultKind.Updated : WriteResultKind.NotFound,
                    WriteKind.Insert => Insert(operation, transaction),
                    _ => Upsert(operation, transaction),
                };
                transaction.Release(Savepoint);
                if (result == WriteResultKind.NotFound && operation.Kind == WriteKind.Update)
                {
                    return WriteOutcome.Failed(operation, Error(operation, ErrorIds.WriteFailed, $"The key '{operation.Key}' is not in the table '{endpoint.TableName}', so it was not updated.", null));
                }

                return WriteOutcome.Done(operation, result);
            }
            catch (PostgresException ex)
            {
                transaction.Rollback(Savepoint);
                transaction.Release(Savepoint);
                var id = ex.SqlState == PostgresErrorCodes.UniqueViolation && operation.Kind == WriteKind.Insert ? ErrorIds.KeyExists : ErrorIds.WriteFailed;
                var detail = ex.ConstraintName == null ? string.Empty : $" (constraint {ex.ConstraintName})";
                return WriteOutcome.Failed(operation, Error(operation, id, $"Writing the key '{operation.Key}' to the table '{endpoint.TableName}' failed: {endpoint.Connector.Redact(ex.MessageText)}{detail}.", null));
            }
        }

        /// <summary>
        /// Loads the batch with one binary COPY when the table started empty, has a unique key, and every
        /// record inserts the same columns. A failed COPY rolls back alone, so the caller writes row by row.
        /// </summary>
        private bool TryCopy(IReadOnlyList<WriteOperation> batch, NpgsqlTransaction transaction)
        {
            if (!bulkLoad || !keyIsUnique || batch.Any(o => o.Kind == WriteKind.Delete || o.Kind == WriteKind.Update || o.Record == null))
            {
                return false;
            }

            var fields = RecordColumns(batch[0].Record!);
            var signature = Signature(fields);
            if (fields.Any(f => !columnTypes.ContainsKey(f.Column)) || batch.Any(o => Signature(RecordColumns(o.Record!)) != signature))
            {
                bulkLoad = false;
                return false;
            }

            transaction.Save(Savepoint);
            try
            {
                var sql = "COPY " + table + " (" + string.Join(", ", fields.Select(f => Quote(f.Column))) + ") FROM STDIN (FORMAT BINARY)";
                using (var importer = connection.BeginBinaryImport(sql))
                {
                    foreach (var operation in batch)
                    {
                        importer.StartRow();
                        foreach (var field in RecordColumns(operation.Record!))
                        {
                            WriteCopyValue(importer, field.Value, columnTypes[field.Column]);
                        }
                    }

                    importer.Complete();
                }

                transaction.Release(Savepoint);
                return true;
            }
            catch (Exception ex) when (ex is PostgresException || ex is InvalidCastException || ex is FormatException || ex is OverflowException)
            {
                transaction.Rollback(Savepoint);
                transaction.Release(Savepoint);
                bulkLoad = false;
                return false;
            }
        }

        private static void WriteCopyValue(NpgsqlBinaryImporter importer, object? value, NpgsqlDbType type)
        {
            if (value == null)
            {
                importer.WriteNull();
                return;
            }

            var invariant = CultureInfo.InvariantCulture;
            switch (type)
            {
                case NpgsqlDbType.Numeric:
                    importer.Write(Convert.ToDecimal(value, invariant), type);
                    break;
                case NpgsqlDbType.Bigint:
                    importer.Write(Convert.ToInt64(value, invariant), type);
                    break;
                case NpgsqlDbType.Integer:
                    importer.Write(Convert.ToInt32(value, invariant), type);
                    break;
                case NpgsqlDbType.Smallint:
                    importer.Write(Convert.ToInt16(value, invariant), type);
                    break;
                case NpgsqlDbType.Boolean:
                    importer.Write(Convert.ToBoolean(value, invariant), type);
                    break;
                case NpgsqlDbType.TimestampTz:
                    importer.Write(((DateTimeOffset)value).UtcDateTime, type);
                    break;
                default:
                    importer.Write((string)ToText(value), type);
                    break;
            }
        }

        private bool IsEmpty()
        {
            using var command = new NpgsqlCommand("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")", connection);
            return (bool)endpoint.Run(() => command.ExecuteScalar())!;
        }

        private WriteResultKind Delete(WriteOperation operation, NpgsqlTransaction transaction)
        {
            var command = Prepare("delete", () => "DELETE FROM " + table + " WHERE " + KeyCondition(), transaction);
            BindKey(command, operation, 0);
            return command.ExecuteNonQuery() > 0 ? WriteResultKind.Deleted : WriteResultKind.NotFound;
        }

        private bool Update(WriteOperation operation, NpgsqlTransaction transaction)
        {
            var fields = RecordColumns(operation.Record!);
            var command = Prepare("update:" + Signature(fields), () =>
                "UPDATE " + table + " SET " +
                string.Join(", ", fields.Select((f, i) => Quote(f.Column) + " = $" + (i + 1))) +
                " WHERE " + KeyCondition(fields.Count), transaction);
            BindValues(command, fields);
            BindKey(command, operation, fields.Count);
            return command.ExecuteNonQuery() > 0;
        }

        private WriteResultKind Insert(WriteOperation operation, NpgsqlTransaction transaction)
        {
            var fields = RecordColumns(operation.Record!);
            var command = Prepare("insert:" + Signature(fields), () => InsertSql(fields), transaction);
            BindValues(command, fields);
            command.ExecuteNonQuery();
            return WriteResultKind.Created;
        }

        private WriteResultKind Upsert(WriteOperation operation, NpgsqlTransaction transaction)
        {
            if (!keyIsUnique || (operation.ExistingKey != null && !operation.ExistingKey.Equals(operation.Key)))
            {
                return Update(operation, transaction) ? WriteResultKind.Updated : Insert(operation, transaction);
            }

            var fields = RecordColumns(operation.Record!);
            var command = Prepare("upsert:" + Signature(fields), () => UpsertSql(fields), transaction);
            BindValues(command, fields);
            using var reader = command.ExecuteReader();
            var inserted = reader.Read() && reader.GetBoolean(0);
            return inserted ? WriteResultKind.Created : WriteResultKind.Updated;
        }

        private string InsertSql(List<(string Column, object? Value)> fields, string alias = "") =>
            "INSERT INTO " + table + alias + " (" + string.Join(", ", fields.Select(f => Quote(f.Column))) + ") VALUES (" +
            string.Join(", ", fields.Select((_, i) => "$" + (i + 1))) + ")";

        // The WHERE leaves a row that already contains the values untouched: no new row version, no trigger,
        // so writing the same records twice changes nothing. RETURNING gives a row only when one was written;
        // xmax is 0 for a freshly inserted row.
        private string UpsertSql(List<(string Column, object? Value)> fields)
        {
            var updated = fields.Where(f => !keyColumns.Contains(f.Column, StringComparer.Ordinal)).Select(f => Quote(f.Column)).ToList();
            var sql = new StringBuilder(InsertSql(fields, " AS t"))
                .Append(" ON CONFLICT (").Append(string.Join(", ", keyColumns.Select(Quote))).Append(") DO ");
            if (updated.Count == 0)
            {
                sql.Append("NOTHING");
            }
            else
            {
                sql.Append("UPDATE SET ").Append(string.Join(", ", updated.Select(c => c + " = EXCLUDED." + c)))
                    .Append(" WHERE (").Append(string.Join(", ", updated.Select(c => "t." + c))).Append(") IS DISTINCT FROM (")
                    .Append(string.Join(", ", updated.Select(c => "EXCLUDED." + c))).Append(")");
            }

            return sql.Append(" RETURNING (xmax = 0)").ToString();
        }

        private string KeyCondition(int offset = 0) =>
            string.Join(" AND ", keyColumns.Select((c, i) => Quote(c) + " = $" + (offset + i + 1)));

        private void BindKey(NpgsqlCommand command, WriteOperation operation, int offset)
        {
            var parts = (operation.ExistingKey ?? operation.Key).RawParts;
            for (var i = 0; i < keyColumns.Length; i++)
            {
                command.Parameters[offset + i].Value = (object?)parts[i] ?? DBNull.Value;
            }
        }

        private static void BindValues(NpgsqlCommand command, List<(string Column, object? Value)> fields)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                command.Parameters[i].Value = ToText(fields[i].Value);
            }
        }

        private List<(string Column, object? Value)> RecordColumns(ErpRecord record)
        {
            var result = new List<(string, object?)>(record.Fields.Count);
            foreach (var field in record.Fields)
            {
                result.Add((endpoint.Options.Map.ToNativeName(field.Key), field.Value));
            }

            return result;
        }

        private static string Signature(List<(string Column, object? Value)> fields) => string.Join("\u001F", fields.Select(f => f.Column));

        private NpgsqlCommand Prepare(string signature, Func<string> sql, NpgsqlTransaction transaction)
        {
            if (!commands.TryGetValue(signature, out var command))
            {
                command = new NpgsqlCommand(sql(), connection, transaction);
                var count = CountParameters(command.CommandText);
                for (var i = 0; i < count; i++)
                {
                    command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Unknown, Value = DBNull.Value });
                }

                command.Prepare();
                commands.Add(signature, command);
            }

            command.Transaction = transaction;
            return command;
        }

        private int CountParameters(string sql)
        {
            var highest = 0;
            for (var i = 0; i < sql.Length; i++)
            {
                if (sql[i] != '$')
                {
                    continue;
                }

                var end = i + 1;
                while (end < sql.Length && char.IsDigit(sql[end]))
                {
                    end++;
                }

                if (end > i + 1)
                {
                    highest = Math.Max(highest, int.Parse(sql.Substring(i + 1, end - i - 1), CultureInfo.InvariantCulture));
                }

                i = end - 1;
            }

            return highest;
        }

        private static object ToText(object? value)
        {
            switch (value)
            {
                case null:
                    return DBNull.Value;
                case string s:
                    return s;
                case decimal d:
                    return CanonicalValue.Normalize(d).ToString(CultureInfo.InvariantCulture);
                case DateTimeOffset dto:
                    return dto.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
                case bool b:
                    return b ? "true" : "false";
                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return value.ToString() ?? string.Empty;
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
                if (names.Contains(column, StringComparer.Ordinal))
                {
                    continue;
                }

                names.Add(column);
                definitions.Add(Quote(column) + " " + SqlType(endpoint.Schema.TypeOf(field)));
            }

            var sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").Append(table).Append(" (")
                .Append(string.Join(", ", definitions))
                .Append(", PRIMARY KEY (").Append(string.Join(", ", keyColumns.Select(Quote))).Append("))");
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
            Execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + Quote(column) + " " + SqlType(type));
            LoadColumns();
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }

            commands.Clear();
        }

        private static string SqlType(FieldType type) => type switch
        {
            FieldType.Integer => "bigint",
            FieldType.Decimal => "numeric",
            FieldType.Boolean => "boolean",
            FieldType.DateTime => "timestamptz",
            _ => "text",
        };

        /// <summary>Returns the COPY type of a column type, or null for a type that the bulk load leaves to row-by-row inserts.</summary>
        private static NpgsqlDbType? CopyType(string typeName) => typeName switch
        {
            "text" => NpgsqlDbType.Text,
            "character varying" => NpgsqlDbType.Varchar,
            "numeric" => NpgsqlDbType.Numeric,
            "bigint" => NpgsqlDbType.Bigint,
            "integer" => NpgsqlDbType.Integer,
            "smallint" => NpgsqlDbType.Smallint,
            "boolean" => NpgsqlDbType.Boolean,
            "timestamp with time zone" => NpgsqlDbType.TimestampTz,
            _ => null,
        };

        private void LoadColumns()
        {
            columns.Clear();
            columnSet.Clear();
            columnTypes.Clear();
            using (var command = new NpgsqlCommand("SELECT attname, atttypid::regtype::text FROM pg_attribute WHERE attrelid = to_regclass(@name) AND attnum > 0 AND NOT attisdropped ORDER BY attnum", connection))
            {
                command.Parameters.AddWithValue("name", table);
                using var reader = endpoint.Run(() => command.ExecuteReader());
                while (reader.Read())
                {
                    var name = reader.GetString(0);
                    columns.Add(name);
                    columnSet.Add(name);
                    if (CopyType(reader.GetString(1)) is NpgsqlDbType type)
                    {
                        columnTypes[name] = type;
                    }
                }
            }

            keyIsUnique = columns.Count > 0 && HasUniqueKey();
        }

        /// <summary>Whether a unique index without condition covers exactly the key columns, as ON CONFLICT needs.</summary>
        private bool HasUniqueKey()
        {
            const string sql =
                "SELECT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = to_regclass(@name) AND i.indisunique " +
                "AND i.indpred IS NULL AND i.indexprs IS NULL AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text COLLATE \"C\") " +
                "FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)) = @keys)";
            using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("name", table);
            command.Parameters.AddWithValue("keys", keyColumns.OrderBy(c => c, StringComparer.Ordinal).ToArray());
            return (bool)endpoint.Run(() => command.ExecuteScalar())!;
        }

        private void Execute(string sql)
        {
            using var command = new NpgsqlCommand(sql, connection);
            endpoint.Run(() => command.ExecuteNonQuery());
        }

        private static string Quote(string name) => PostgreSqlTableName.Quote(name);

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
