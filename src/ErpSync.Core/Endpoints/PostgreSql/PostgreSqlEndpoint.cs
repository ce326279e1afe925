using System;
using System.Collections.Generic;
using System.Threading;
using Npgsql;

namespace ErpSync.Core.Endpoints.PostgreSql
{
    /// <summary>A table (or a query) in a PostgreSQL database.</summary>
    public sealed class PostgreSqlEndpoint : Endpoint
    {
        public PostgreSqlEndpoint(EndpointOptions options, PostgreSqlEndpointOptions postgreSql)
            : base(options)
        {
            if (string.IsNullOrWhiteSpace(postgreSql.Table) == string.IsNullOrWhiteSpace(postgreSql.Query))
            {
                throw new ErpSyncException(ErrorIds.EndpointInvalid, "A PostgreSQL endpoint needs either -Table or -Query, not both.", kind: ErrorKind.InvalidArgument);
            }

            PostgreSql = postgreSql;
            TableName = postgreSql.Table == null ? null : PostgreSqlTableName.Parse(postgreSql.Table);
            Connector = new PostgreSqlConnector(postgreSql);
        }

        public PostgreSqlEndpointOptions PostgreSql { get; }

        /// <summary>The table split into schema and name; null when the endpoint reads a query.</summary>
        public PostgreSqlTableName? TableName { get; }

        public override string Kind => "PostgreSql";

        public override string Location => TableName != null ? $"{Connector.Server}, table {TableName}" : $"{Connector.Server}, query";

        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read |
            (TableName != null ? EndpointCapabilities.Write | EndpointCapabilities.Transactions : EndpointCapabilities.None) |
            (Options.ModifiedField != null ? EndpointCapabilities.ReadChangedSince : EndpointCapabilities.None);

        internal PostgreSqlConnector Connector { get; }

        protected override string PositionLabel => "row";

        public override IRecordWriter OpenWriter()
        {
            if (TableName == null)
            {
                throw new ErpSyncException(ErrorIds.EndpointReadOnly, $"The {Describe()} reads a query, so it cannot be written. Give it -Table instead.", kind: ErrorKind.InvalidArgument);
            }

            return new PostgreSqlTableWriter(this);
        }

        public override long? CountRecords(CancellationToken cancellationToken = default)
        {
            using var connection = Connector.Open();
            if (TableName != null && !TableExists(connection))
            {
                return PostgreSql.CreateTable ? 0 : (long?)null;
            }

            using var command = new NpgsqlCommand("SELECT COUNT(*) FROM " + Source(), connection);
            return Convert.ToInt64(Run(() => command.ExecuteScalar()));
        }

        protected override IEnumerable<ReadItem> ReadRecords(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            using var connection = Connector.Open();
            if (TableName != null && !TableExists(connection))
            {
                if (PostgreSql.CreateTable)
                {
                    yield break;
                }

                throw TableNotFound();
            }

            using var command = new NpgsqlCommand(TableName != null ? "SELECT * FROM " + TableName.Quoted : PostgreSql.Query, connection);
            using var reader = Run(() => command.ExecuteReader());
            var names = new string[reader.FieldCount];
            var offsetTimes = new bool[reader.FieldCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = reader.GetName(i);
                offsetTimes[i] = reader.GetDataTypeName(i) == "timestamp with time zone";
            }

            long row = 0;
            while (Run(() => reader.Read()))
            {
                cancellationToken.ThrowIfCancellationRequested();
                row++;
                var pairs = new List<KeyValuePair<string, object?>>(names.Length);
                for (var i = 0; i < names.Length; i++)
                {
                    pairs.Add(new KeyValuePair<string, object?>(names[i], ReadValue(reader, i, offsetTimes[i])));
                }

                var item = CreateRecord(pairs, row);
                if (since != null && item.Record != null && item.Record.ModifiedAt < since)
                {
                    continue;
                }

                yield return item;
            }
        }

        internal override IEnumerable<ReadItem>? ReadByKeys(IReadOnlyList<Records.RecordKey> keys, CancellationToken cancellationToken) =>
            TableName == null ? null : new PostgreSqlKeyReader(this).Read(keys, cancellationToken);

        internal bool TableExists(NpgsqlConnection connection)
        {
            using var command = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection);
            command.Parameters.AddWithValue("name", TableName!.Quoted);
            return (bool)Run(() => command.ExecuteScalar())!;
        }

        internal ErpSyncException TableNotFound() =>
            new ErpSyncException(ErrorIds.PostgreSqlTableNotFound, $"The PostgreSQL database {Connector.Server} has no table '{TableName}'. Check the name, or pass -CreateTable to create it on the first write.", kind: ErrorKind.ObjectNotFound);

        /// <summary>Runs a call on the server and turns its failure into an error without the password.</summary>
        internal T Run<T>(Func<T> call)
        {
            try
            {
                return call();
            }
            catch (PostgresException ex)
            {
                throw new ErpSyncException(ErrorIds.PostgreSqlError, $"The {Describe()} failed: {Connector.Redact(ex.MessageText)} (SQL state {ex.SqlState}).", null, ErrorKind.InvalidArgument);
            }
            catch (NpgsqlException ex)
            {
                throw Connector.Translate(ex);
            }
        }

        // Npgsql returns timestamptz as a UTC DateTime; asking for DateTimeOffset keeps the instant without a kind to guess.
        internal static object? ReadValue(NpgsqlDataReader reader, int ordinal, bool offsetTime)
        {
            if (reader.IsDBNull(ordinal))
            {
                return null;
            }

            return offsetTime ? reader.GetFieldValue<DateTimeOffset>(ordinal) : reader.GetValue(ordinal);
        }

        private string Source() => TableName != null ? TableName.Quoted : "(" + PostgreSql.Query + ") AS query";
    }
}
