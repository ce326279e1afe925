using System;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace ErpSync.Core.Endpoints.PostgreSql
{
    /// <summary>
    /// Opens connections to one PostgreSQL server and turns Npgsql failures into messages that name
    /// the server but never the password.
    /// </summary>
    internal sealed class PostgreSqlConnector
    {
        private static readonly Regex PasswordSetting = new Regex(@"(?i)\b(password|pwd)\s*=\s*[^;]*", RegexOptions.CultureInvariant);

        private readonly string connectionString;
        private readonly string? password;

        public PostgreSqlConnector(PostgreSqlEndpointOptions options)
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FormatException)
            {
                throw new ErpSyncException(ErrorIds.EndpointInvalid, "The PostgreSQL connection string is not valid: " + Redact(ex.Message, null) + " Write it as Host=...;Port=...;Database=...;Username=....", kind: ErrorKind.InvalidArgument);
            }

            if (options.Credential != null)
            {
                builder.Username = options.Credential.UserName;
                builder.Password = options.Credential.Password;
            }

            builder.Timeout = options.ConnectTimeoutSeconds;
            builder.CommandTimeout = options.CommandTimeoutSeconds;
            if (string.IsNullOrEmpty(builder.ApplicationName))
            {
                builder.ApplicationName = "ErpSync";
            }

            password = builder.Password;
            Host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host!;
            Port = builder.Port;
            Database = builder.Database ?? builder.Username ?? string.Empty;
            UserName = builder.Username ?? string.Empty;
            connectionString = builder.ConnectionString;
        }

        public string Host { get; }

        public int Port { get; }

        public string Database { get; }

        public string UserName { get; }

        /// <summary>The server as shown in messages: host:port/database.</summary>
        public string Server => $"{Host}:{Port}/{Database}";

        public NpgsqlConnection Open()
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                connection.Open();
                return connection;
            }
            catch (Exception ex) when (ex is NpgsqlException || ex is TimeoutException || ex is SocketException)
            {
                connection.Dispose();
                throw Translate(ex);
            }
        }

        /// <summary>Turns a failure to connect into an error that names what to check.</summary>
        public ErpSyncException Translate(Exception ex)
        {
            if (ex is PostgresException postgres)
            {
                switch (postgres.SqlState)
                {
                    case PostgresErrorCodes.InvalidPassword:
                    case PostgresErrorCodes.InvalidAuthorizationSpecification:
                        return new ErpSyncException(ErrorIds.PostgreSqlAuthenticationFailed, $"The PostgreSQL server at {Host}:{Port} rejected the login of user '{UserName}': {Redact(postgres.MessageText)}. Check the user name and password.", Inner(ex), ErrorKind.AuthenticationError);
                    case PostgresErrorCodes.InvalidCatalogName:
                        return new ErpSyncException(ErrorIds.PostgreSqlDatabaseNotFound, $"The PostgreSQL server at {Host}:{Port} has no database '{Database}'. Check the Database setting of the connection string.", Inner(ex), ErrorKind.ObjectNotFound);
                }

                return new ErpSyncException(ErrorIds.PostgreSqlError, $"The PostgreSQL server at {Server} failed: {Redact(postgres.MessageText)}", Inner(ex), ErrorKind.ResourceUnavailable);
            }

            return new ErpSyncException(ErrorIds.PostgreSqlUnreachable, $"The PostgreSQL server at {Host}:{Port} could not be reached: {Sentence(Redact(Innermost(ex).Message))} Check that the server runs and that host and port are right.", Inner(ex), ErrorKind.ConnectionError);
        }

        /// <summary>Removes the password and any password setting from a text taken from Npgsql.</summary>
        public string Redact(string text) => Redact(text, password);

        private static string Redact(string text, string? password)
        {
            if (!string.IsNullOrEmpty(password))
            {
                text = text.Replace(password, "***");
            }

            return PasswordSetting.Replace(text, "$1=***");
        }

        /// <summary>Keeps the Npgsql exception as the inner one only when none of its texts contains the password.</summary>
        private Exception? Inner(Exception ex)
        {
            if (string.IsNullOrEmpty(password))
            {
                return ex;
            }

            for (var current = ex; current != null; current = current.InnerException)
            {
                if (current.Message.Contains(password) || current.ToString().Contains(password))
                {
                    return null;
                }
            }

            return ex;
        }

        private static string Sentence(string text)
        {
            text = text.Trim();
            return text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";
        }

        private static Exception Innermost(Exception ex)
        {
            var current = ex;
            while (current.InnerException != null && !(current is SocketException))
            {
                current = current.InnerException;
            }

            return current;
        }
    }
}
