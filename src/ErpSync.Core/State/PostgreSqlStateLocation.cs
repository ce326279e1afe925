using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using ErpSync.Core.Endpoints.PostgreSql;
using Npgsql;

namespace ErpSync.Core.State
{
    /// <summary>
    /// A state store location that names a PostgreSQL database: a URI (postgresql://user:password@host:port/database)
    /// or an Npgsql connection string (Host=...;Database=...). Its connector opens connections, and
    /// <see cref="Display"/> shows the location without its password.
    /// </summary>
    internal sealed class PostgreSqlStateLocation
    {
        /// <summary>The schema that contains the state tables when the connection string sets no search path.</summary>
        public const string DefaultSchema = "erpsync";

        private static readonly Regex HostSetting = new Regex(@"(?i)(^|;)\s*(host|server)\s*=", RegexOptions.CultureInvariant);

        private static readonly Dictionary<string, string> UriParameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["user"] = "Username",
            ["password"] = "Password",
            ["dbname"] = "Database",
            ["host"] = "Host",
            ["port"] = "Port",
            ["sslmode"] = "SSL Mode",
            ["application_name"] = "Application Name",
            ["connect_timeout"] = "Timeout",
            ["options"] = "Options",
        };

        private PostgreSqlStateLocation(PostgreSqlConnector connector, string? createdSchema)
        {
            Connector = connector;
            CreatedSchema = createdSchema;
            var user = string.IsNullOrEmpty(connector.UserName) ? string.Empty : Uri.EscapeDataString(connector.UserName) + "@";
            var host = connector.Host.Contains(":") ? "[" + connector.Host + "]" : connector.Host;
            Display = $"postgresql://{user}{host}:{connector.Port}/{Uri.EscapeDataString(connector.Database)}";
        }

        public PostgreSqlConnector Connector { get; }

        /// <summary>The schema to create when missing; null when the connection string chose the search path.</summary>
        public string? CreatedSchema { get; }

        /// <summary>The location as shown in messages: postgresql://user@host:port/database, never with the password.</summary>
        public string Display { get; }

        /// <summary>Returns true for a value that names a PostgreSQL database rather than a file.</summary>
        public static bool IsConnectionString(string value) =>
            value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || HostSetting.IsMatch(value);

        public static PostgreSqlStateLocation Parse(string value)
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = IsUri(value) ? FromUri(value) : new NpgsqlConnectionStringBuilder(value);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is UriFormatException)
            {
                throw new ErpSyncException(
                    ErrorIds.StateStoreError,
                    "The PostgreSQL state store location is not valid: " + Sentence(WithoutSecrets(ex.Message, value)) + " Write it as postgresql://user:password@host:port/database or Host=...;Port=...;Database=...;Username=...;Password=....",
                    kind: ErrorKind.InvalidArgument);
            }

            string? createdSchema = null;
            if (string.IsNullOrWhiteSpace(builder.SearchPath))
            {
                builder.SearchPath = DefaultSchema;
                createdSchema = DefaultSchema;
            }

            return new PostgreSqlStateLocation(new PostgreSqlConnector(new PostgreSqlEndpointOptions(builder.ConnectionString)), createdSchema);
        }

        private static bool IsUri(string value) =>
            value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

        /// <summary>Reads a libpq connection URI; Npgsql 8 accepts only the keyword form.</summary>
        private static NpgsqlConnectionStringBuilder FromUri(string value)
        {
            var uri = new Uri(value, UriKind.Absolute);
            var builder = new NpgsqlConnectionStringBuilder();
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                var separator = uri.UserInfo.IndexOf(':');
                builder.Username = Uri.UnescapeDataString(separator < 0 ? uri.UserInfo : uri.UserInfo.Substring(0, separator));
                if (separator >= 0)
                {
                    builder.Password = Uri.UnescapeDataString(uri.UserInfo.Substring(separator + 1));
                }
            }

            if (!string.IsNullOrEmpty(uri.Host))
            {
                builder.Host = uri.Host.TrimStart('[').TrimEnd(']');
            }

            if (!uri.IsDefaultPort && uri.Port > 0)
            {
                builder.Port = uri.Port;
            }

            var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (database.Length > 0)
            {
                builder.Database = database;
            }

            foreach (var pair in uri.Query.TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                var name = Uri.UnescapeDataString(equals < 0 ? pair : pair.Substring(0, equals));
                var setting = Uri.UnescapeDataString(equals < 0 ? string.Empty : pair.Substring(equals + 1).Replace('+', ' '));
                builder[UriParameters.TryGetValue(name, out var keyword) ? keyword : name] = setting;
            }

            return builder;
        }

        /// <summary>Removes the location and any password setting from a parser's message, which may quote them.</summary>
        private static string WithoutSecrets(string message, string location)
        {
            message = message.Replace(location, "(the location)");
            return Regex.Replace(message, @"(?i)\b(password|pwd)\s*=\s*[^;]*", "$1=***");
        }

        private static string Sentence(string text)
        {
            text = text.Trim();
            return text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";
        }
    }
}
