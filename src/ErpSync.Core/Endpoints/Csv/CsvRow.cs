namespace ErpSync.Core.Endpoints.Csv
{
    /// <summary>One data row as read: its fields, the line it starts on, and any malformed text found in it.</summary>
    internal sealed class CsvRow
    {
        public CsvRow(string[] fields, long line, string delimiter, string? badData)
        {
            Fields = fields;
            Line = line;
            Delimiter = delimiter;
            BadData = badData;
        }

        public string[] Fields { get; }

        /// <summary>The 1-based line where the row starts; a row with quoted newlines spans several lines.</summary>
        public long Line { get; }

        public string Delimiter { get; }

        public string? BadData { get; }
    }
}
