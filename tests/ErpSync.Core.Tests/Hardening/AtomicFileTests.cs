using System.IO;
using ErpSync.Core.Endpoints;
using Xunit;

namespace ErpSync.Core.Tests.Hardening
{
    public sealed class AtomicFileTests
    {
        [Fact]
        public void Replace_swaps_content_and_leaves_no_temporary()
        {
            using var folder = new TempFolder();
            var path = folder.File("feed.csv");
            File.WriteAllText(path, "old");

            AtomicFile.Replace(path, temporary => File.WriteAllText(temporary, "new"));

            Assert.Equal("new", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
        }

        [Fact]
        public void Folder_path_is_a_write_error_naming_it()
        {
            using var folder = new TempFolder();
            var path = folder.File("feed.csv");
            Directory.CreateDirectory(path);

            var error = Assert.Throws<ErpSyncException>(() => AtomicFile.Replace(path, temporary => File.WriteAllText(temporary, "new")));

            Assert.Equal(ErrorIds.WriteFailed, error.ErrorId);
            Assert.Contains($"'{path}' is a folder", error.Message);
        }

        [Fact]
        public void Parent_that_is_a_file_is_a_write_error()
        {
            using var folder = new TempFolder();
            var parent = folder.File("erp.db");
            File.WriteAllText(parent, "not a folder");
            var path = Path.Combine(parent, "feed.csv");

            var error = Assert.Throws<ErpSyncException>(() => AtomicFile.Replace(path, temporary => File.WriteAllText(temporary, "new")));

            Assert.Equal(ErrorIds.WriteFailed, error.ErrorId);
            Assert.Contains(path, error.Message);
            Assert.Equal("not a folder", File.ReadAllText(parent));
        }

        [Fact]
        public void Failed_write_keeps_original_file()
        {
            using var folder = new TempFolder();
            var path = folder.File("feed.csv");
            File.WriteAllText(path, "old");

            Assert.Throws<ErpSyncException>(() => AtomicFile.Replace(path, temporary =>
            {
                File.WriteAllText(temporary, "half");
                throw new IOException("disk full");
            }));

            Assert.Equal("old", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
        }
    }
}
