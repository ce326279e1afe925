using System;
using System.Diagnostics;

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
                return Math.Abs((started - ProcessStartedAt).TotalSeconds) > 1;
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

        public override string ToString() =>
            $"process {ProcessId} on {Host}, started {ProcessStartedAt:yyyy-MM-dd HH:mm:ss} UTC";
    }
}
