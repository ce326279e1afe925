using System.Text;

namespace ErpSync.Core.Endpoints.Json
{
    /// <summary>Settings of a JSON file endpoint beyond the common ones.</summary>
    public sealed class JsonEndpointOptions
    {
        public JsonEndpointOptions(string path)
        {
            Path = path;
        }

        public string Path { get; }

        /// <summary>The file's encoding; when null a byte order mark decides, else strict UTF-8.</summary>
        public Encoding? Encoding { get; set; }
    }
}
