namespace ErpSync.Core.Endpoints.Csv
{
    /// <summary>One data row as read: its fields, the line it starts on, and any malformed text found in it.</summary>
    internal sealed class CsvRow
    {
        public CsvRow(string[] fields, long line, string delimiter, string? badData, string raw)
        {
            Raw = raw;
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

        /// <summary>The row's text exactly as in the file, line endings included. Empty for a well-formed one-line row read without keeping it.</summary>
        public string Raw { get; }

        /// <summary>Returns true when the row cannot be read as a record: malformed quoting, or a field count that does not fit the header.</summary>
        public bool IsMalformed(int headerCount)
        {
            if (BadData != null || Fields.Length < headerCount)
            {
                return true;
            }

            for (var i = headerCount; i < Fields.Length; i++)
            {
                if (Fields[i].Trim().Length > 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
