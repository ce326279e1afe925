using System;
using System.IO;
using Npgsql;

namespace ErpSync.Core.Tests.PostgreSql;

/// <summary>
/// A fresh database on the server that ERPSYNC_TEST_POSTGRES names (build.ps1 Test starts one),
/// with the Northwind dump loaded unless asked otherwise. Without that variable the tests that need
/// it are skipped.
/// </summary>
public sealed class PostgreSqlTestDatabase : IDisposable
{
    public const string SkipReason = "ERPSYNC_TEST_POSTGRES is not set, so there is no PostgreSQL server to test against; run ./build.ps1 Test.";

    private readonly string? serverConnectionString = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ERPSYNC_TEST_POSTGRES"))
        ? null
        : Environment.GetEnvironmentVariable("ERPSYNC_TEST_POSTGRES");

    /// <summary>Creates the Northwind database; xunit needs this parameterless form for a class fixture.</summary>
    public PostgreSqlTestDatabase()
        : this("erpsync_nw_", loadNorthwind: true)
    {
    }

    internal PostgreSqlTestDatabase(string namePrefix, bool loadNorthwind)
    {
        if (serverConnectionString == null)
        {
            return;
        }

        Name = namePrefix + Guid.NewGuid().ToString("N").Substring(0, 12);
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
        if (!loadNorthwind)
        {
            return;
        }

        using var connection = Open();
        using var load = new NpgsqlCommand(File.ReadAllText(Path.Combine(RepositoryRoot, "samples/northwind/northwind.sql")), connection);
        load.ExecuteNonQuery();
    }

    public bool Available => ConnectionString != null;

    public string? Name { get; }

    /// <summary>Connection string of the Northwind database, with its password.</summary>
    public string? ConnectionString { get; }

    public string Password { get; } = string.Empty;

    public string UserName { get; } = string.Empty;

    public string Host { get; } = string.Empty;

    public int Port { get; }

    public static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder != null && !File.Exists(Path.Combine(folder.FullName, "samples/northwind/northwind.sql")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("The repository root with samples/northwind was not found above " + AppContext.BaseDirectory);
        }
    }

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
        return command.ExecuteScalar();
    }

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
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
