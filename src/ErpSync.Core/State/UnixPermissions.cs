using System.IO;
using System.Runtime.InteropServices;

namespace ErpSync.Core.State
{
    /// <summary>Sets Unix file permissions through libc, which netstandard2.0 has no API for.</summary>
    internal static class UnixPermissions
    {
        private const uint OwnerReadWrite = 0x180; // octal 0600

        [DllImport("libc", SetLastError = true, EntryPoint = "chmod")]
        private static extern int Chmod(string path, uint mode);

        public static void SetOwnerOnly(string path)
        {
            if (Chmod(path, OwnerReadWrite) != 0)
            {
                throw new IOException($"Could not restrict the permissions of '{path}' to its owner (errno {Marshal.GetLastWin32Error()}).");
            }
        }
    }
}
