using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json;

namespace ErpSync.Core.State
{
    /// <summary>Records runs in the state store: their start, end, status, counts and first errors.</summary>
    public sealed class RunLog
    {
        /// <summary>How many error messages a run keeps; the rest are counted, not stored.</summary>
        public const int MaxStoredErrors = 20;

        private readonly StateStore store;

        public RunLog(StateStore store)
        {
            this.store = store;
        }

        public RunRecord Start(string jobName, string pattern)
        {
            var now = DateTimeOffset.UtcNow;
            var run = new RunRecord
            {
                RunId = now.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8),
                JobName = jobName,
                Pattern = pattern,
                StartedAt = now,
                Host = Environment.MachineName,
                ProcessId = Process.GetCurrentProcess().Id,
            };
            store.Execute(
                "INSERT INTO runs (run_id, job_name, pattern, started_at, status, host, process_id) VALUES (@id, @job, @pattern, @started, @status, @host, @pid)",
                null,
                ("@id", run.RunId),
                ("@job", jobName),
                ("@pattern", pattern),
                ("@started", StateStore.Timestamp(now)),
                ("@status", run.Status),
                ("@host", run.Host),
                ("@pid", run.ProcessId));
            return run;
        }

        /// <summary>Stores the run's end, status, counts and its first errors.</summary>
        public void Finish(RunRecord run, string status)
        {
            run.EndedAt = DateTimeOffset.UtcNow;
            run.Status = status;
            store.Execute(
                "UPDATE runs SET ended_at = @ended, status = @status, counts = @counts, first_errors = @errors WHERE run_id = @id",
                null,
                ("@ended", StateStore.Timestamp(run.EndedAt.Value)),
                ("@status", status),
                ("@counts", JsonConvert.SerializeObject(run.Counts)),
                ("@errors", JsonConvert.SerializeObject(run.FirstErrors.Take(MaxStoredErrors))),
                ("@id", run.RunId));
        }

        /// <summary>
        /// Marks the job's runs that are still Running, other than <paramref name="currentRunId"/>, as
        /// Failed; call it only while holding the job's lock, when no other run of the job can be alive.
        /// Returns the ids of the runs it marked.
        /// </summary>
        public IReadOnlyList<string> MarkAbandoned(string jobName, string currentRunId)
        {
            var abandoned = new List<string>();
            using (var command = store.Command("SELECT run_id FROM runs WHERE job_name = @job AND status = @running AND run_id <> @current"))
            {
                command.AddParameter("@job", jobName);
                command.AddParameter("@running", RunStatus.Running);
                command.AddParameter("@current", currentRunId);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    abandoned.Add(reader.GetString(0));
                }
            }

            foreach (var runId in abandoned)
            {
                store.Execute(
                    "UPDATE runs SET status = @failed, first_errors = @errors WHERE run_id = @id AND status = @running",
                    null,
                    ("@failed", RunStatus.Failed),
                    ("@errors", JsonConvert.SerializeObject(new[] { $"The run ended without finishing (the process was killed or crashed); run {currentRunId} found it still marked Running." })),
                    ("@id", runId),
                    ("@running", RunStatus.Running));
            }

            return abandoned;
        }

        /// <summary>Adds an error message to the run until it has <see cref="MaxStoredErrors"/> of them.</summary>
        public static void NoteError(RunRecord run, string message)
        {
            if (run.FirstErrors.Count < MaxStoredErrors)
            {
                run.FirstErrors.Add(message);
            }
        }

        /// <summary>Lists runs newest first, of one job or of all.</summary>
        public IReadOnlyList<RunRecord> List(string? jobName, int last)
        {
            var sql = "SELECT run_id, job_name, pattern, started_at, ended_at, status, host, process_id, counts, first_errors FROM runs" +
                (jobName != null ? " WHERE job_name = @job" : string.Empty) +
                " ORDER BY started_at DESC, run_id DESC LIMIT @last";
            using var command = store.Command(sql);
            if (jobName != null)
            {
                command.AddParameter("@job", jobName);
            }

            command.AddParameter("@last", last);
            var runs = new List<RunRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                runs.Add(new RunRecord
                {
                    RunId = reader.GetString(0),
                    JobName = reader.GetString(1),
                    Pattern = reader.GetString(2),
                    StartedAt = StateStore.ParseTimestamp(reader.GetString(3)),
                    EndedAt = reader.IsDBNull(4) ? (DateTimeOffset?)null : StateStore.ParseTimestamp(reader.GetString(4)),
                    Status = reader.GetString(5),
                    Host = reader.GetString(6),
                    ProcessId = Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture),
                    Counts = reader.IsDBNull(8)
                        ? new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase)
                        : new Dictionary<string, long>(JsonConvert.DeserializeObject<Dictionary<string, long>>(reader.GetString(8)) ?? new Dictionary<string, long>(), StringComparer.OrdinalIgnoreCase),
                    FirstErrors = reader.IsDBNull(9) ? new List<string>() : JsonConvert.DeserializeObject<List<string>>(reader.GetString(9)) ?? new List<string>(),
                });
            }

            return runs;
        }
    }
}
