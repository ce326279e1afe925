using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using CsvHelper;
using CsvHelper.Configuration;
using ErpSync.Core.Records;

namespace ErpSync.Core.Endpoints.Csv
{
    /// <summary>
    /// A CSV file (RFC 4180): quoted fields may hold delimiters, quotes and newlines. Reads stream row
    /// by row; writes replace the whole file atomically.
    /// </summary>
    public sealed class CsvEndpoint : Endpoint
    {
        private static readonly string[] DetectableDelimiters = { ",", ";", "\t", "|" };

        public CsvEndpoint(EndpointOptions options, CsvEndpointOptions csv)
            : base(options)
        {
            Csv = csv;
        }

        public CsvEndpointOptions Csv { get; }

        public override string Kind => "Csv";

        public override string Location => Csv.Path;

        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read | EndpointCapabilities.Write |
            (Options.ModifiedField != null ? EndpointCapabilities.ReadChangedSince : EndpointCapabilities.None);

        public override IRecordWriter OpenWriter() => new CsvFileWriter(this);

        protected override IEnumerable<ReadItem> ReadRecords(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            if (!File.Exists(Csv.Path))
            {
                throw new ErpSyncException(ErrorIds.FileNotFound, $"The CSV file '{Csv.Path}' does not exist. Check the path given to -Csv.", kind: ErrorKind.ObjectNotFound);
            }

            using var table = CsvTable.Open(this);
            var header = table.Header;
            CheckHeader(header);

            // The record builder copies the values it keeps, so one array serves every row of the read.
            var usedValues = new object?[header.UsedIndexes.Length];
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = table.ReadRow(keepRaw: false);
                if (row == null)
                {
                    yield break;
                }

                var item = ToItem(header, row, usedValues);
                if (since != null && item.Record != null && item.Record.ModifiedAt < since)
                {
                    continue;
                }

                yield return item;
            }
        }

        /// <summary>Returns the column names in the file, trimmed, or null when the file does not exist yet.</summary>
        public IReadOnlyList<string>? ReadHeader()
        {
            if (!File.Exists(Csv.Path))
            {
                return null;
            }

            using var table = CsvTable.Open(this);
            return table.Header.Names;
        }

        private ReadItem ToItem(CsvHeader header, CsvRow row, object?[] usedValues)
        {
            if (row.BadData != null)
            {
                return RowError(ErrorIds.CsvBadData, row, $"The row has a stray quote near '{Shorten(row.BadData)}'. Quote the whole field and double the quotes inside it.");
            }

            var values = row.Fields;
            if (values.Length > header.Count)
            {
                var extra = values.Skip(header.Count).Where(v => v.Trim().Length > 0).ToList();
                if (extra.Count > 0)
                {
                    return RowError(ErrorIds.CsvRowTooLong, row, $"The row has {values.Length} fields but the header has {header.Count} columns; the extra values are {string.Join(", ", extra.Select(v => "'" + Shorten(v) + "'"))}. Quote fields that contain the delimiter '{row.Delimiter}'.");
                }
            }
            else if (values.Length < header.Count)
            {
                return RowError(ErrorIds.CsvRowTooShort, row, $"The row has {values.Length} fields but the header has {header.Count} columns (missing from '{header.Names[values.Length]}' on). Add the missing fields or check the quoting of the row before.");
            }

            var used = header.UsedIndexes;
            for (var i = 0; i < used.Length; i++)
            {
                usedValues[i] = values[used[i]];
            }

            return Builder.Build(header.UsedNames, usedValues, row.Line);
        }

        private ReadItem RowError(string errorId, CsvRow row, string message) =>
            ReadItem.Failed(new RecordError(errorId, message)
            {
                Source = Describe(),
                Position = row.Line,
                Target = row.Fields,
            });

        private void CheckHeader(CsvHeader header)
        {
            var needed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var key in Schema.KeyFields)
            {
                needed.Add(Options.Map.ToNativeName(key));
            }

            foreach (var native in Options.Map.EntityToNative.Values)
            {
                needed.Add(native);
            }

            var problems = new List<string>();
            foreach (var name in header.Duplicates)
            {
                if (needed.Contains(name))
                {
                    problems.Add($"the column '{name}' appears more than once");
                }
                else
                {
                    Warn($"The CSV file '{Csv.Path}' has the column '{name}' more than once; only its first occurrence is read.");
                }
            }

            if (header.BlankCount > 0 && needed.Contains(string.Empty))
            {
                problems.Add("a needed column has a blank name");
            }

            if (problems.Count > 0)
            {
                throw new ErpSyncException(
                    ErrorIds.CsvHeaderInvalid,
                    $"The header of the CSV file '{Csv.Path}' cannot be used: {string.Join("; ", problems)}. Rename the columns so each needed one is unique (columns: {string.Join(", ", header.Names)}).");
            }

            foreach (var key in Schema.KeyFields)
            {
                var column = Options.Map.ToNativeName(key);
                if (!header.Contains(column))
                {
                    throw new ErpSyncException(
                        ErrorIds.FieldMissing,
                        $"The CSV file '{Csv.Path}' has no column '{column}' for the key field '{key}' (columns: {string.Join(", ", header.Names.Where(n => n.Length > 0))}). Map it with -Map @{{ {key} = 'column' }} or name the key with -Key.");
                }
            }

            foreach (var pair in Options.Map.EntityToNative)
            {
                if (!header.Contains(pair.Value))
                {
                    throw new ErpSyncException(
                        ErrorIds.FieldMissing,
                        $"The CSV file '{Csv.Path}' has no column '{pair.Value}', which -Map names for the field '{pair.Key}' (columns: {string.Join(", ", header.Names.Where(n => n.Length > 0))}).");
                }
            }
        }

        internal static string Shorten(string value) => value.Length <= 40 ? value : value.Substring(0, 37) + "...";

        internal CsvConfiguration CreateConfiguration(string? delimiter) =>
            new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                Delimiter = delimiter ?? ",",
                DetectDelimiter = delimiter == null,
                DetectDelimiterValues = DetectableDelimiters,
                IgnoreBlankLines = true,
                HasHeaderRecord = true,
                BadDataFound = null,
                MissingFieldFound = null,
                TrimOptions = TrimOptions.None,
            };
    }
}
