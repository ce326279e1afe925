using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using ErpSync.Core.Records;
using Microsoft.Data.Sqlite;

namespace ErpSync.Core.Endpoints.Sqlite
{
    /// <summary>
    /// Reads the rows of an SQLite table that hold given keys, with the key columns compared to the raw
    /// key parts as text parameters, as <see cref="SqliteTableWriter"/> addresses a row.
    /// </summary>
    internal sealed class SqliteKeyReader
    {
        /// <summary>Keys per statement; SQLite allows 32,766 parameters per statement since version 3.32.</summary>
        private const int KeysPerStatement = 500;

        private readonly SqliteEndpoint endpoint;
        private readonly string[] keyColumns;

        public SqliteKeyReader(SqliteEndpoint endpoint)
        {
            this.endpoint = endpoint;
            keyColumns = endpoint.Schema.KeyFields.Select(f => SqlIdentifier.Quote(endpoint.Options.Map.ToNativeName(f))).ToArray();
        }

        /// <summary>Streams the records of the given keys; a key with another number of parts than the key columns matches no row.</summary>
        public IEnumerable<ReadItem> Read(IReadOnlyList<RecordKey> keys, CancellationToken cancellationToken)
        {
            var addressable = keys.Where(k => k.RawParts.Count == keyColumns.Length).ToList();
            if (addressable.Count == 0 || !endpoint.TableExists())
            {
                yield break;
            }

            using var connection = endpoint.Open(readOnly: true);
            for (var start = 0; start < addressable.Count; start += KeysPerStatement)
            {
                var count = Math.Min(KeysPerStatement, addressable.Count - start);
                var parameters = new List<KeyValuePair<string, string>>(count * keyColumns.Length);
                for (var i = 0; i < count; i++)
                {
                    var parts = addressable[start + i].RawParts;
                    for (var part = 0; part < parts.Count; part++)
                    {
                        parameters.Add(new KeyValuePair<string, string>("$k" + (i * keyColumns.Length + part), parts[part]));
                    }
                }

                foreach (var item in ReadRows(connection, Select(count), parameters, cancellationToken))
                {
                    yield return item;
                }
            }
        }

        private IEnumerable<ReadItem> ReadRows(SqliteConnection connection, string sql, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
        {
            using var rows = endpoint.OpenRows(connection, sql, parameters);
            var values = new object?[rows.Names.Length];
            while (rows.Read(values))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return endpoint.Builder.Build(rows.Names, values, null);
            }
        }

        /// <summary>Returns the query for a number of keys: an IN list of parameters, or of row values for a composite key.</summary>
        private string Select(int count)
        {
            var text = new StringBuilder("SELECT * FROM ").Append(SqlIdentifier.Quote(endpoint.Sqlite.Table!)).Append(" WHERE ");
            if (keyColumns.Length == 1)
            {
                text.Append(keyColumns[0]).Append(" IN (");
                for (var i = 0; i < count; i++)
                {
                    text.Append(i == 0 ? "$k" : ", $k").Append(i);
                }

                return text.Append(')').ToString();
            }

            text.Append('(').Append(string.Join(", ", keyColumns)).Append(") IN (VALUES ");
            for (var i = 0; i < count; i++)
            {
                text.Append(i == 0 ? "(" : ", (");
                for (var part = 0; part < keyColumns.Length; part++)
                {
                    text.Append(part == 0 ? "$k" : ", $k").Append(i * keyColumns.Length + part);
                }

                text.Append(')');
            }

            return text.Append(')').ToString();
        }
    }
}
