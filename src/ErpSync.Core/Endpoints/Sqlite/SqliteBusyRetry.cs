using System.Diagnostics;
using System.Threading;
using SQLitePCL;

namespace ErpSync.Core.Endpoints.Sqlite
{
    /// <summary>
    /// The retries of a statement that meets a busy or locked database, made as SqliteCommand makes
    /// them: reset and run again every 150 ms for up to 30 s, Microsoft.Data.Sqlite's default command
    /// timeout. The statements that <see cref="SqliteRowReader"/> and <see cref="SqliteRawStatement"/>
    /// run through SQLitePCLRaw share them.
    /// </summary>
    internal static class SqliteBusyRetry
    {
        private const int TimeoutMilliseconds = 30_000;
        private const int PauseMilliseconds = 150;

        public static bool IsBusy(int result) =>
            result == raw.SQLITE_BUSY || result == raw.SQLITE_LOCKED || result == raw.SQLITE_LOCKED_SHAREDCACHE;

        /// <summary>Returns true once <paramref name="started"/>, a <see cref="Stopwatch"/> timestamp, is past the timeout.</summary>
        public static bool TimedOut(long started) =>
            (Stopwatch.GetTimestamp() - started) * 1000 / Stopwatch.Frequency >= TimeoutMilliseconds;

        /// <summary>Waits before the next try.</summary>
        public static void Pause() => Thread.Sleep(PauseMilliseconds);

        /// <summary>Steps a statement, resetting and retrying it while the database is busy; returns SQLite's last result code.</summary>
        public static int Step(sqlite3_stmt statement, long started)
        {
            int result;
            while (IsBusy(result = raw.sqlite3_step(statement)) && !TimedOut(started))
            {
                raw.sqlite3_reset(statement);
                Pause();
            }

            return result;
        }
    }
}
