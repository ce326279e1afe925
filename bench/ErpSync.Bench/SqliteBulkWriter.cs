using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace ErpSync.Bench
{
    /// <summary>
    /// Fills one table of a new SQLite file with rows, in one transaction and through one prepared
    /// statement. The journal is off while it writes because the file is rebuilt from scratch on failure.
    /// </summary>
    internal sealed class SqliteBulkWriter : IDisposable
    {
        private readonly SqliteConnection connection;
        private readonly SqliteTransaction transaction;
        private readonly SqliteCommand insert;
        private readonly SqliteParameter[] parameters;

        public SqliteBulkWriter(string path, string table, IReadOnlyList<(string Name, string Type)> columns, string keyColumn)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            Execute("PRAGMA journal_mode = OFF");
            Execute("PRAGMA synchronous = OFF");
            var definitions = columns.Select(c => Quote(c.Name) + " " + c.Type + (c.Name == keyColumn ? " PRIMARY KEY" : string.Empty));
            Execute($"CREATE TABLE {Quote(table)} ({string.Join(", ", definitions)})");

            transaction = connection.BeginTransaction();
            insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {Quote(table)} VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
            parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
            insert.Prepare();
        }

        public void Add(params object?[] values)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
        }

        public void Dispose()
        {
            transaction.Commit();
            insert.Dispose();
            transaction.Dispose();
            Execute("PRAGMA journal_mode = DELETE");
            connection.Dispose();
        }

        public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

        private void Execute(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
