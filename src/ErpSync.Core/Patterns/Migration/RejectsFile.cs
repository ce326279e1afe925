using System;
using System.Globalization;
using System.IO;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Migration
{
    /// <summary>
    /// Appends rejected records to a CSV file (Position, Key, Field, Value, Reason, ErrorId), one row
    /// per reject, flushed at once so that a killed run keeps the rejects it reported.
    /// </summary>
    public sealed class RejectsFile : IDisposable
    {
        public static readonly string[] Columns = { "Position", "Key", "Field", "Value", "Reason", "ErrorId" };

        private readonly StreamWriter writer;
        private readonly CsvWriter csv;

        public RejectsFile(string path)
        {
            Path = System.IO.Path.GetFullPath(path);
            try
            {
                var folder = System.IO.Path.GetDirectoryName(Path);
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                var isNew = !File.Exists(Path) || new FileInfo(Path).Length == 0;
                writer = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
                csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" });
                if (isNew)
                {
                    foreach (var column in Columns)
                    {
                        csv.WriteField(column);
                    }

                    csv.NextRecord();
                    csv.Flush();
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ErpSyncException(
                    ErrorIds.RejectFileError,
                    $"The rejects file '{Path}' could not be opened: {ex.Message} Pass another path with -RejectPath.",
                    ex,
                    ErrorKind.ResourceUnavailable);
            }
        }

        public string Path { get; }

        public void Append(RecordError error)
        {
            csv.WriteField(error.Position?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
            csv.WriteField(error.Key ?? string.Empty);
            csv.WriteField(error.Field ?? string.Empty);
            csv.WriteField(error.Value ?? string.Empty);
            csv.WriteField(error.Message);
            csv.WriteField(error.ErrorId);
            csv.NextRecord();
            csv.Flush();
            writer.Flush();
        }

        public void Dispose()
        {
            csv.Dispose();
            writer.Dispose();
        }
    }
}
