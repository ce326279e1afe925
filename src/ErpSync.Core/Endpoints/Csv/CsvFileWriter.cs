using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using CsvHelper;
using ErpSync.Core.Records;

namespace ErpSync.Core.Endpoints.Csv
{
    /// <summary>
    /// Applies writes to a CSV file. The existing rows are loaded once, changes are applied in memory
    /// and <see cref="Complete"/> writes a temporary file beside the original and renames it over the
    /// original, so a reader never sees half a file. Existing columns keep their order, new columns
    /// are added at the end, and columns a record does not carry keep their old values.
    /// </summary>
    internal sealed class CsvFileWriter : IRecordWriter
    {
        private readonly CsvEndpoint endpoint;
        private readonly List<string> columns = new List<string>();
        private readonly Dictionary<string, int> columnIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string?[]?> rows = new List<string?[]?>();
        private readonly Dictionary<string, int> rowByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Encoding encoding;
        private readonly string delimiter;
        private readonly string newLine;
        private bool completed;

        public CsvFileWriter(CsvEndpoint endpoint)
        {
            this.endpoint = endpoint;
            var path = endpoint.Csv.Path;
            if (File.Exists(path) && new FileInfo(path).Length > 0)
            {
                using var table = CsvTable.Open(endpoint);
                encoding = table.Encoding;
                delimiter = table.Delimiter;
                newLine = table.NewLine;
                LoadRows(table);
            }
            else
            {
                encoding = endpoint.Csv.Encoding ?? new UTF8Encoding(false);
                delimiter = endpoint.Csv.Delimiter ?? ",";
                newLine = "\n";
            }
        }

        public IReadOnlyList<WriteOutcome> WriteBatch(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken)
        {
            var outcomes = new List<WriteOutcome>(batch.Count);
            foreach (var operation in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcomes.Add(Apply(operation));
            }

            return outcomes;
        }

        public void Truncate(CancellationToken cancellationToken)
        {
            rows.Clear();
            rowByKey.Clear();
        }

        public void Complete()
        {
            if (completed)
            {
                return;
            }

            AtomicFile.Replace(endpoint.Csv.Path, WriteFile);
            completed = true;
        }

        public void Dispose()
        {
        }

        private void LoadRows(CsvTable table)
        {
            // Columns are taken by position, so a repeated or blank header name keeps its own column.
            foreach (var name in table.Header.Names)
            {
                if (name.Length > 0 && !columnIndex.ContainsKey(name))
                {
                    columnIndex.Add(name, columns.Count);
                }

                columns.Add(name);
            }

            var keyColumns = endpoint.Schema.KeyFields.Select(k => table.Header.IndexOf(endpoint.Options.Map.ToNativeName(k))).ToArray();
            if (keyColumns.Any(i => i < 0))
            {
                throw new ErpSyncException(
                    ErrorIds.FieldMissing,
                    $"The CSV file '{endpoint.Csv.Path}' has no column for the key {string.Join(", ", endpoint.Schema.KeyFields)} (columns: {string.Join(", ", table.Header.Names)}), so its rows cannot be matched. Map the key with -Map or write to a new file.");
            }

            CsvRow? row;
            while ((row = table.ReadRow()) != null)
            {
                var values = new string?[Math.Max(row.Fields.Length, columns.Count)];
                Array.Copy(row.Fields, values, row.Fields.Length);
                var index = rows.Count;
                rows.Add(values);
                var parts = keyColumns.Select(i => i < row.Fields.Length ? row.Fields[i] : string.Empty).ToArray();
                if (parts.All(p => p.Trim().Length > 0))
                {
                    var key = new RecordKey(parts, endpoint.Options.KeyNormalization);
                    if (!rowByKey.ContainsKey(key.Normalized))
                    {
                        rowByKey.Add(key.Normalized, index);
                    }
                }
            }
        }

        private WriteOutcome Apply(WriteOperation operation)
        {
            var exists = rowByKey.TryGetValue(operation.Key.Normalized, out var index);
            switch (operation.Kind)
            {
                case WriteKind.Delete:
                    if (!exists)
                    {
                        return WriteOutcome.Done(operation, WriteResultKind.NotFound);
                    }

                    rows[index] = null;
                    rowByKey.Remove(operation.Key.Normalized);
                    return WriteOutcome.Done(operation, WriteResultKind.Deleted);

                case WriteKind.Insert when exists:
                    return WriteOutcome.Failed(operation, Error(operation, ErrorIds.KeyExists, $"The key '{operation.Key}' already exists in the CSV file, so it was not inserted."));

                case WriteKind.Update when !exists:
                    return WriteOutcome.Failed(operation, Error(operation, ErrorIds.WriteFailed, $"The key '{operation.Key}' is not in the CSV file, so it was not updated."));
            }

            var record = operation.Record ?? throw new ArgumentException("A write other than a delete needs a record.", nameof(operation));
            var values = exists ? rows[index]! : new string?[columns.Count];
            foreach (var field in record.Fields)
            {
                var column = AddColumn(endpoint.Options.Map.ToNativeName(field.Key));
                if (values.Length <= column)
                {
                    Array.Resize(ref values, columns.Count);
                }

                values[column] = field.Value == null ? endpoint.Options.NullText : endpoint.Options.Coercer.Format(field.Value);
            }

            if (exists)
            {
                rows[index] = values;
                return WriteOutcome.Done(operation, WriteResultKind.Updated);
            }

            rowByKey[operation.Key.Normalized] = rows.Count;
            rows.Add(values);
            return WriteOutcome.Done(operation, WriteResultKind.Created);
        }

        private RecordError Error(WriteOperation operation, string errorId, string message) =>
            new RecordError(errorId, message)
            {
                Source = endpoint.Describe(),
                Key = operation.Key.ToString(),
                Target = operation.Record,
                Kind = ErrorKind.WriteError,
            };

        private int AddColumn(string name)
        {
            if (columnIndex.TryGetValue(name, out var index))
            {
                return index;
            }

            index = columns.Count;
            columns.Add(name);
            if (name.Length > 0)
            {
                columnIndex.Add(name, index);
            }

            return index;
        }

        private void WriteFile(string path)
        {
            var configuration = endpoint.CreateConfiguration(delimiter);
            configuration.NewLine = newLine;
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream, encoding);
            using var csv = new CsvWriter(writer, configuration);
            foreach (var column in columns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                if (row == null)
                {
                    continue;
                }

                for (var i = 0; i < columns.Count; i++)
                {
                    csv.WriteField(i < row.Length ? row[i] ?? string.Empty : string.Empty);
                }

                csv.NextRecord();
            }

            csv.Flush();
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
    }
}
