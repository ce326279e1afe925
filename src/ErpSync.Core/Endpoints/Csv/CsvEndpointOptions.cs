using System.Text;

namespace ErpSync.Core.Endpoints.Csv
{
    /// <summary>Settings of a CSV file endpoint beyond the common ones.</summary>
    public sealed class CsvEndpointOptions
    {
        public CsvEndpointOptions(string path)
        {
            Path = path;
        }

        public string Path { get; }

        /// <summary>The field delimiter; when null it is detected from the header line.</summary>
        public string? Delimiter { get; set; }

        /// <summary>The file's encoding; when null a byte order mark decides, else strict UTF-8.</summary>
        public Encoding? Encoding { get; set; }
    }
}
