using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ErpSync.Core.Endpoints.Sqlite
{
    /// <summary>
    /// Steps one SELECT statement through SQLitePCLRaw on a Microsoft.Data.Sqlite connection, with the
    /// values, errors and busy waits of <see cref="SqliteDataReader"/> but without its per-value checks.
    /// </summary>
    /// <remarks>
    /// Values map as Microsoft.Data.Sqlite 8.0's <c>SqliteDataReader.GetValue</c> maps them: INTEGER to
    /// long, REAL to double, TEXT to string, BLOB to byte[], except that NULL is null instead of DBNull.
    /// Errors are the <see cref="SqliteException"/> that Microsoft.Data.Sqlite raises for the same code.
    /// </remarks>
    internal sealed class SqliteRowReader : IDisposable
    {
        private readonly sqlite3 database;
        private readonly sqlite3_stmt? statement;
        private readonly SqliteCommand? command;
        private readonly SqliteDataReader? dataReader;
        private bool stepped;
        private bool hasRow;

        private SqliteRowReader(sqlite3 database, sqlite3_stmt statement, string[] names)
        {
            this.database = database;
            this.statement = statement;
            Names = names;
        }

        private SqliteRowReader(sqlite3 database, SqliteCommand command, SqliteDataReader dataReader)
        {
            this.database = database;
            this.command = command;
            this.dataReader = dataReader;
            Names = new string[dataReader.FieldCount];
            for (var i = 0; i < Names.Length; i++)
            {
                Names[i] = dataReader.GetName(i);
            }
        }

        /// <summary>The column names of the result, in column order.</summary>
        public string[] Names { get; }

        /// <summary>
        /// Prepares a statement, binds its text parameters by name and runs it up to its first row. Text
        /// that contains more than one statement runs through <see cref="SqliteCommand"/>, which also runs
        /// the statements after the first when the reader is disposed.
        /// </summary>
        public static SqliteRowReader Open(SqliteConnection connection, string sql, IReadOnlyList<KeyValuePair<string, string>>? parameters = null)
        {
            var database = connection.Handle!;
            var started = Stopwatch.GetTimestamp();
            int rc;
            sqlite3_stmt statement;
            string tail;
            while (SqliteBusyRetry.IsBusy(rc = raw.sqlite3_prepare_v2(database, sql, out statement, out tail)) && !SqliteBusyRetry.TimedOut(started))
            {
                SqliteBusyRetry.Pause();
            }

            if (rc != raw.SQLITE_OK || !string.IsNullOrWhiteSpace(tail))
            {
                statement?.Dispose();
                SqliteException.ThrowExceptionForRC(rc, database);
                return OpenCommand(connection, sql, parameters);
            }

            try
            {
                Bind(database, statement, parameters);
                var reader = new SqliteRowReader(database, statement, ColumnNames(statement));
                reader.StepFirst(started);
                return reader;
            }
            catch
            {
                statement.Dispose();
                throw;
            }
        }

        /// <summary>Moves to the next row and copies its values; returns false after the last row.</summary>
        public bool Read(object?[] values)
        {
            if (dataReader != null)
            {
                return ReadCommand(values);
            }

            if (!stepped)
            {
                stepped = true;
            }
            else if (hasRow)
            {
                var rc = raw.sqlite3_step(statement);
                SqliteException.ThrowExceptionForRC(rc, database);
                hasRow = rc == raw.SQLITE_ROW;
            }

            if (!hasRow)
            {
                return false;
            }

            for (var i = 0; i < Names.Length; i++)
            {
                values[i] = ValueAt(i);
            }

            return true;
        }

        public void Dispose()
        {
            statement?.Dispose();
            dataReader?.Dispose();
            command?.Dispose();
        }

        private static SqliteRowReader OpenCommand(SqliteConnection connection, string sql, IReadOnlyList<KeyValuePair<string, string>>? parameters)
        {
            var command = connection.CreateCommand();
            try
            {
                command.CommandText = sql;
                foreach (var parameter in parameters ?? Array.Empty<KeyValuePair<string, string>>())
                {
                    command.Parameters.AddWithValue(parameter.Key, parameter.Value);
                }

                return new SqliteRowReader(connection.Handle!, command, command.ExecuteReader());
            }
            catch
            {
                command.Dispose();
                throw;
            }
        }

        private static void Bind(sqlite3 database, sqlite3_stmt statement, IReadOnlyList<KeyValuePair<string, string>>? parameters)
        {
            if (parameters == null)
            {
                return;
            }

            foreach (var parameter in parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, parameter.Key);
                if (index > 0)
                {
                    SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_text(statement, index, parameter.Value), database);
                }
            }
        }

        private bool ReadCommand(object?[] values)
        {
            if (!dataReader!.Read())
            {
                return false;
            }

            dataReader.GetValues(values!);
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is DBNull)
                {
                    values[i] = null;
                }
            }

            return true;
        }

        private object? ValueAt(int column)
        {
            switch (raw.sqlite3_column_type(statement, column))
            {
                case raw.SQLITE_INTEGER:
                    return raw.sqlite3_column_int64(statement, column);
                case raw.SQLITE_FLOAT:
                    return raw.sqlite3_column_double(statement, column);
                case raw.SQLITE_TEXT:
                    return raw.sqlite3_column_text(statement, column).utf8_to_string();
                case raw.SQLITE_BLOB:
                    return raw.sqlite3_column_blob(statement, column).ToArray();
                default:
                    return null;
            }
        }

        /// <summary>Runs the statement to its first row, retrying while the database is busy as SqliteCommand.ExecuteReader does.</summary>
        private void StepFirst(long started)
        {
            var rc = SqliteBusyRetry.Step(statement!, started);
            SqliteException.ThrowExceptionForRC(rc, database);
            hasRow = rc == raw.SQLITE_ROW;
        }

        private static string[] ColumnNames(sqlite3_stmt statement)
        {
            var names = new string[raw.sqlite3_column_count(statement)];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = raw.sqlite3_column_name(statement, i).utf8_to_string();
            }

            return names;
        }
    }
}
