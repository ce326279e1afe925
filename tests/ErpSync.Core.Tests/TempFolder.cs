using System;
using System.IO;
using System.Text;

namespace ErpSync.Core.Tests
{
    /// <summary>A folder under the system temp path that is deleted with the test.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "erpsync-test-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        /// <summary>Writes text as UTF-8 without a byte order mark and returns the file's path.</summary>
        public string Write(string name, string text) => Write(name, new UTF8Encoding(false).GetBytes(text));

        public string Write(string name, byte[] bytes)
        {
            var path = File(name);
            System.IO.File.WriteAllBytes(path, bytes);
            return path;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on another handle; the temp folder is cleaned by the system later.
            }
        }
    }
}
