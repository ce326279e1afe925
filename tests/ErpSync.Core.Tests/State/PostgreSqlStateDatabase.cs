using System;
using System.Collections.Generic;
using ErpSync.Core.Tests.PostgreSql;
using Npgsql;

namespace ErpSync.Core.Tests.State
{
    /// <summary>
    /// An empty database on the server that ERPSYNC_TEST_POSTGRES names, for a state store; without
    /// that variable <see cref="Available"/> is false and the tests that need it are skipped.
    /// </summary>
    public sealed class PostgreSqlStateDatabase : IDisposable
    {
        public const string SkipReason = PostgreSqlTestDatabase.SkipReason;

        private readonly PostgreSqlTestDatabase database = new PostgreSqlTestDatabase("erpsync_state_", loadNorthwind: false);

        public bool Available => database.Available;

        public string Name => database.Name ?? string.Empty;

        /// <summary>Connection string in the keyword form, with the password.</summary>
        public string? ConnectionString => database.ConnectionString;

        /// <summary>The same database as a postgresql:// URI, with the password.</summary>
        public string Uri => $"postgresql://{UserName}:{Password}@{Host}:{Port}/{Name}";

        /// <summary>The location as a state store shows it.</summary>
        public string Display => $"postgresql://{UserName}@{Host}:{Port}/{Name}";

        public string Password => database.Password;

        public string UserName => database.UserName;

        public string Host => database.Host;

        public int Port => database.Port;

        public NpgsqlConnection Open() => database.Open();

        public object? Scalar(string sql)
        {
            var value = database.Scalar(sql);
            return value is DBNull ? null : value;
        }

        /// <summary>Returns every non-null text value of every table in the state store's schema, as table.column: value.</summary>
        public IReadOnlyList<string> AllStateText()
        {
            using var connection = Open();
            var columns = new List<(string Table, string Column)>();
            using (var list = new NpgsqlCommand(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'erpsync' ORDER BY table_name, ordinal_position",
                connection))
            using (var reader = list.ExecuteReader())
            {
                while (reader.Read())
                {
                    columns.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            var values = new List<string>();
            foreach (var (table, column) in columns)
            {
                using var select = new NpgsqlCommand($"SELECT \"{column}\"::text FROM erpsync.\"{table}\" WHERE \"{column}\" IS NOT NULL", connection);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    values.Add($"{table}.{column}: {reader.GetString(0)}");
                }
            }

            return values;
        }

        public void Dispose() => database.Dispose();
    }
}
