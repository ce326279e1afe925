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

        private readonly string? serverConnectionString = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ERPSYNC_TEST_POSTGRES"))
            ? null
            : Environment.GetEnvironmentVariable("ERPSYNC_TEST_POSTGRES");

        public PostgreSqlStateDatabase()
        {
            if (serverConnectionString == null)
            {
                return;
            }

            Name = "erpsync_state_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            using (var server = new NpgsqlConnection(serverConnectionString))
            {
                server.Open();
                using var create = new NpgsqlCommand("CREATE DATABASE " + Name, server);
                create.ExecuteNonQuery();
            }

            var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = Name };
            ConnectionString = builder.ConnectionString;
            Password = builder.Password!;
            UserName = builder.Username!;
            Host = builder.Host!;
            Port = builder.Port;
        }

        public bool Available => ConnectionString != null;

        public string Name { get; } = string.Empty;

        /// <summary>Connection string in the keyword form, with the password.</summary>
        public string? ConnectionString { get; }

        /// <summary>The same database as a postgresql:// URI, with the password.</summary>
        public string Uri => $"postgresql://{UserName}:{Password}@{Host}:{Port}/{Name}";

        /// <summary>The location as a state store shows it.</summary>
        public string Display => $"postgresql://{UserName}@{Host}:{Port}/{Name}";

        public string Password { get; } = string.Empty;

        public string UserName { get; } = string.Empty;

        public string Host { get; } = string.Empty;

        public int Port { get; }

        public NpgsqlConnection Open()
        {
            var connection = new NpgsqlConnection(ConnectionString);
            connection.Open();
            return connection;
        }

        public object? Scalar(string sql)
        {
            using var connection = Open();
            using var command = new NpgsqlCommand(sql, connection);
            var value = command.ExecuteScalar();
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

        public void Dispose()
        {
            if (serverConnectionString == null)
            {
                return;
            }

            NpgsqlConnection.ClearAllPools();
            using var server = new NpgsqlConnection(serverConnectionString);
            server.Open();
            using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS " + Name + " WITH (FORCE)", server);
            drop.ExecuteNonQuery();
        }
    }
}
