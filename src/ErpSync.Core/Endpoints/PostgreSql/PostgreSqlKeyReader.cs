using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using ErpSync.Core.Records;
using Npgsql;
using NpgsqlTypes;

namespace ErpSync.Core.Endpoints.PostgreSql
{
    /// <summary>
    /// Reads the rows of a PostgreSQL table that hold given keys. The raw key parts go as parameters of
    /// unknown type, so the server reads them as the key columns' types, as <see cref="PostgreSqlTableWriter"/> does.
    /// </summary>
    internal sealed class PostgreSqlKeyReader
    {
        /// <summary>Keys per statement, well below the 65,535 parameters PostgreSQL allows.</summary>
        private const int KeysPerStatement = 500;

        private readonly PostgreSqlEndpoint endpoint;
        private readonly string[] keyColumns;

        public PostgreSqlKeyReader(PostgreSqlEndpoint endpoint)
        {
            this.endpoint = endpoint;
            keyColumns = endpoint.Schema.KeyFields.Select(f => PostgreSqlTableName.Quote(endpoint.Options.Map.ToNativeName(f))).ToArray();
        }

        /// <summary>Streams the records of the given keys; a key with another number of parts than the key columns matches no row.</summary>
        public IEnumerable<ReadItem> Read(IReadOnlyList<RecordKey> keys, CancellationToken cancellationToken)
        {
            var addressable = keys.Where(k => k.RawParts.Count == keyColumns.Length).ToList();
            if (addressable.Count == 0)
            {
                yield break;
            }

            using var connection = endpoint.Connector.Open();
            if (!endpoint.TableExists(connection))
            {
                yield break;
            }

            for (var start = 0; start < addressable.Count; start += KeysPerStatement)
            {
                var count = System.Math.Min(KeysPerStatement, addressable.Count - start);
                using var command = new NpgsqlCommand(Select(count), connection);
                for (var i = 0; i < count; i++)
                {
                    foreach (var part in addressable[start + i].RawParts)
                    {
                        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Unknown, Value = part });
                    }
                }

                foreach (var item in ReadRows(command, cancellationToken))
                {
                    yield return item;
                }
            }
        }

        private IEnumerable<ReadItem> ReadRows(NpgsqlCommand command, CancellationToken cancellationToken)
        {
            using var reader = endpoint.Run(() => command.ExecuteReader());
            var names = new string[reader.FieldCount];
            var offsetTimes = new bool[reader.FieldCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = reader.GetName(i);
                offsetTimes[i] = reader.GetDataTypeName(i) == "timestamp with time zone";
            }

            while (endpoint.Run(() => reader.Read()))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pairs = new List<KeyValuePair<string, object?>>(names.Length);
                for (var i = 0; i < names.Length; i++)
                {
                    pairs.Add(new KeyValuePair<string, object?>(names[i], PostgreSqlEndpoint.ReadValue(reader, i, offsetTimes[i])));
                }

                yield return endpoint.Builder.Build(pairs, null);
            }
        }

        /// <summary>Returns the query for a number of keys: an IN list of parameters, or of row values for a composite key.</summary>
        private string Select(int count)
        {
            var text = new StringBuilder("SELECT * FROM ").Append(endpoint.TableName!.Quoted).Append(" WHERE ");
            var single = keyColumns.Length == 1;
            text.Append(single ? keyColumns[0] : "(" + string.Join(", ", keyColumns) + ")").Append(" IN (");
            for (var i = 0; i < count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ").Append(single ? string.Empty : "(");
                for (var part = 0; part < keyColumns.Length; part++)
                {
                    text.Append(part == 0 ? "$" : ", $").Append((i * keyColumns.Length) + part + 1);
                }

                text.Append(single ? string.Empty : ")");
            }

            return text.Append(')').ToString();
        }
    }
}
