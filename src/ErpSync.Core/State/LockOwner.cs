using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace ErpSync.Core.State
{
    /// <summary>Who holds a job lock: the host, the process and when that process started.</summary>
    public sealed class LockOwner
    {
        public LockOwner(string host, int processId, DateTimeOffset processStartedAt)
        {
            Host = host;
            ProcessId = processId;
            ProcessStartedAt = processStartedAt;
        }

        public string Host { get; }

        public int ProcessId { get; }

        public DateTimeOffset ProcessStartedAt { get; }

        public static LockOwner Current()
        {
            using var process = Process.GetCurrentProcess();
            return new LockOwner(Environment.MachineName, process.Id, process.StartTime.ToUniversalTime());
        }

        /// <summary>
        /// Returns true when the owner is a process on this host that no longer runs. A process id in
        /// use by a process that started at another time counts as gone, since ids are reused.
        /// </summary>
        public bool IsGoneFromThisHost()
        {
            if (!string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            try
            {
                using var process = Process.GetProcessById(ProcessId);
                var started = new DateTimeOffset(process.StartTime.ToUniversalTime());
                return Math.Abs((started - ProcessStartedAt).TotalSeconds) > 1 || IsZombie(ProcessId);
            }
            catch (ArgumentException)
            {
                return true;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }

        /// <summary>
        /// Returns true for a Linux process that has exited but that its parent has not yet reaped
        /// (state Z or X in /proc/PID/stat): it still has an id and a start time, but it runs no code.
        /// </summary>
        private static bool IsZombie(int processId)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return false;
            }

            try
            {
                // The state follows the command name, which is in parentheses and may itself contain ") ".
                var stat = File.ReadAllText($"/proc/{processId}/stat");
                var afterName = stat.LastIndexOf(')');
                return afterName >= 0 && afterName + 2 < stat.Length && (stat[afterName + 2] == 'Z' || stat[afterName + 2] == 'X');
            }
            catch (IOException)
            {
                return true;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        public override string ToString() =>
            $"process {ProcessId} on {Host}, started {ProcessStartedAt:yyyy-MM-dd HH:mm:ss} UTC";
    }
}
