using System;
using System.IO;

namespace ErpSync.Core.Tests.Samples
{
    /// <summary>Finds the repository's samples folder from the test's output folder.</summary>
    public static class SamplePaths
    {
        public static string Root
        {
            get
            {
                var folder = new DirectoryInfo(AppContext.BaseDirectory);
                while (folder != null)
                {
                    var samples = Path.Combine(folder.FullName, "samples");
                    if (Directory.Exists(Path.Combine(samples, "northwind")))
                    {
                        return samples;
                    }

                    folder = folder.Parent;
                }

                throw new DirectoryNotFoundException($"No samples folder above '{AppContext.BaseDirectory}'.");
            }
        }

        public static string File(params string[] parts) => Path.Combine(Root, Path.Combine(parts));
    }
}
