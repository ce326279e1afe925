using System;
using System.IO;
using System.Text;
using CsvHelper;

namespace ErpSync.Core.Endpoints.Csv
{
    /// <summary>An open CSV file: its encoding, delimiter and header, and a reader of the rows after it.</summary>
    internal sealed class CsvTable : IDisposable
    {
        private const int ReadBufferSize = 64 * 1024;

        private readonly CsvEndpoint endpoint;
        private readonly StreamReader reader;
        private readonly CsvParser parser;
        private string? badData;

        private CsvTable(CsvEndpoint endpoint, StreamReader reader, CsvParser parser, Encoding encoding, bool hasByteOrderMark)
        {
            this.endpoint = endpoint;
            this.reader = reader;
            this.parser = parser;
            Encoding = encoding;
            HasByteOrderMark = hasByteOrderMark;
            Header = new CsvHeader(Array.Empty<string>());
        }

        public CsvHeader Header { get; private set; }

        public Encoding Encoding { get; }

        public bool HasByteOrderMark { get; }

        public string Delimiter => parser.Delimiter;

        /// <summary>The line ending of the header line: CRLF or LF.</summary>
        public string NewLine { get; private set; } = "\n";

        public static CsvTable Open(CsvEndpoint endpoint)
        {
            var path = endpoint.Csv.Path;
            var encoding = FileEncoding.Detect(path, endpoint.Csv.Encoding, out var hasByteOrderMark);
            // Reads of 64 KiB instead of the default 4 KiB make a sixteenth of the system calls.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBufferSize, FileOptions.SequentialScan);
            var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, ReadBufferSize);
            CsvTable? table = null;
            var configuration = endpoint.CreateConfiguration(endpoint.Csv.Delimiter);
            configuration.BadDataFound = args => table!.badData ??= args.Field;
            var parser = new CsvParser(reader, configuration);
            table = new CsvTable(endpoint, reader, parser, encoding, hasByteOrderMark);
            try
            {
                table.ReadHeader();
                return table;
            }
            catch
            {
                table.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Reads the next data row, or returns null at the end of the file. Without
        /// <paramref name="keepRaw"/>, a row that is well formed and on one line gets an empty
        /// <see cref="CsvRow.Raw"/>, because copying the text of every row costs a string per row.
        /// </summary>
        public CsvRow? ReadRow(bool keepRaw = true)
        {
            badData = null;
            string[]? fields;
            try
            {
                if (!parser.Read())
                {
                    return null;
                }

                fields = parser.Record;
            }
            catch (DecoderFallbackException ex)
            {
                throw EncodingError(ex);
            }

            fields ??= Array.Empty<string>();
            StripByteOrderMark(fields);

            // CsvHelper copies the row's text into a new string on every call of RawRecord. A row
            // whose fields hold no line feed has none inside its text either, unless its quoting is
            // malformed, so it starts on the line where it ends.
            if (!keepRaw && badData == null && !HasLineFeed(fields))
            {
                return new CsvRow(fields, parser.RawRow, parser.Delimiter, badData, string.Empty);
            }

            var raw = parser.RawRecord ?? string.Empty;
            return new CsvRow(fields, StartLine(raw), parser.Delimiter, badData, raw);
        }

        private void ReadHeader()
        {
            try
            {
                if (!parser.Read())
                {
                    throw new ErpSyncException(ErrorIds.CsvHeaderInvalid, $"The CSV file '{endpoint.Csv.Path}' is empty; it needs a header line with the column names.");
                }
            }
            catch (DecoderFallbackException ex)
            {
                throw EncodingError(ex);
            }

            NewLine = (parser.RawRecord ?? string.Empty).EndsWith("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
            var raw = parser.Record ?? Array.Empty<string>();
            StripByteOrderMark(raw);

            Header = new CsvHeader(raw);
        }

        /// <summary>
        /// Removes a byte order mark from the start of a row. Files joined with cat keep the second file's
        /// mark at the start of a line, where it would otherwise become an invisible first character of a key.
        /// </summary>
        private static void StripByteOrderMark(string[] fields)
        {
            if (fields.Length > 0 && fields[0].Length > 0 && fields[0][0] == '\uFEFF')
            {
                fields[0] = fields[0].Substring(1);
            }
        }

        private static bool HasLineFeed(string[] fields)
        {
            foreach (var field in fields)
            {
                if (field.IndexOf('\n') >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Returns the line where the current row starts: the parser reports the line where it ends.</summary>
        private long StartLine(string raw)
        {
            var newlines = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] == '\n')
                {
                    newlines++;
                }
            }

            if (raw.EndsWith("\n", StringComparison.Ordinal))
            {
                newlines--;
            }

            return parser.RawRow - newlines;
        }

        private ErpSyncException EncodingError(DecoderFallbackException ex)
        {
            var name = Encoding.WebName;
            var line = FileEncoding.FindInvalidLine(endpoint.Csv.Path, Encoding) ?? parser.RawRow + 1;
            return new ErpSyncException(
                ErrorIds.FileEncodingInvalid,
                $"The CSV file '{endpoint.Csv.Path}' is not valid {name} at line {line}. Pass its encoding with -Encoding (for example windows-1252), or save it as UTF-8.",
                ex);
        }

        public void Dispose()
        {
            parser.Dispose();
            reader.Dispose();
        }
    }
}
