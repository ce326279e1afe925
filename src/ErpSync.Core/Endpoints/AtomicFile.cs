using System;
using System.IO;

namespace ErpSync.Core.Endpoints
{
    /// <summary>
    /// Replaces a file so that a reader, or a process killed half-way, sees either the old file or the
    /// new one, never a mix: the content goes to a temporary file in the same folder, which is then
    /// renamed over the original.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>Calls <paramref name="writeTemporary"/> with a temporary path and renames that file to <paramref name="path"/>.</summary>
        public static void Replace(string path, Action<string> writeTemporary)
        {
            var fullPath = Path.GetFullPath(path);
            if (Directory.Exists(fullPath))
            {
                throw new ErpSyncException(ErrorIds.WriteFailed, $"The path '{fullPath}' is a folder, so no file can be written there. Give the endpoint a file path.", kind: ErrorKind.WriteError);
            }

            var folder = Path.GetDirectoryName(fullPath) ?? ".";
            var temporary = Path.Combine(folder, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                Directory.CreateDirectory(folder);
                writeTemporary(temporary);
                if (File.Exists(fullPath))
                {
                    File.Replace(temporary, fullPath, null);
                }
                else
                {
                    File.Move(temporary, fullPath);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ErpSyncException(
                    ErrorIds.WriteFailed,
                    $"The file '{fullPath}' could not be written: {ex.Message} Check that its folder exists, is a folder and is writable; the original file is unchanged.",
                    ex,
                    ErrorKind.WriteError);
            }
            finally
            {
                TryDelete(temporary);
            }
        }

        private static void TryDelete(string temporary)
        {
            try
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
            catch (IOException)
            {
                // A temporary file left behind is harmless: its name starts with a dot and ends in .tmp.
            }
        }
    }
}
