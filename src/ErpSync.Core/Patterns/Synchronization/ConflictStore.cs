using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>The conflicts table: conflicts stored by the Manual policy, the choices made for them, and their application.</summary>
    public sealed class ConflictStore
    {
        private const string Columns =
            "conflict_id, job_name, record_key, display_key, left_fields, right_fields, baseline_fields, detected_at, status, resolution, resolved_fields, resolved_at";

        private readonly StateStore store;

        public ConflictStore(StateStore store)
        {
            this.store = store;
        }

        /// <summary>Lists conflicts that are not yet applied, oldest first, of one job or of all; <paramref name="includeApplied"/> adds the applied ones.</summary>
        public IReadOnlyList<ErpConflict> List(string? jobName, bool includeApplied = false)
        {
            var sql = "SELECT " + Columns + " FROM conflicts WHERE 1 = 1" +
                (jobName != null ? " AND job_name = @job" : string.Empty) +
                (includeApplied ? string.Empty : " AND status <> @applied") +
                " ORDER BY detected_at, conflict_id";
            using var command = store.Command(sql);
            if (jobName != null)
            {
                command.AddParameter("@job", jobName);
            }

            command.AddParameter("@applied", ConflictStatus.Applied);
            return ReadAll(command);
        }

        public ErpConflict? Find(string conflictId)
        {
            using var command = store.Command("SELECT " + Columns + " FROM conflicts WHERE conflict_id = @id");
            command.AddParameter("@id", conflictId);
            return ReadAll(command).FirstOrDefault();
        }

        /// <summary>Records the choice for a conflict; the next run of its job writes it.</summary>
        public ErpConflict Resolve(string conflictId, ConflictChoice choice, IDictionary<string, string?>? mergedFields)
        {
            var conflict = Find(conflictId) ?? throw new ErpSyncException(
                ErrorIds.ConflictNotFound,
                $"The state store '{store.Path}' has no conflict '{conflictId}'. List the conflicts with Get-ErpConflict.",
                kind: ErrorKind.ObjectNotFound);
            if (conflict.Status == ConflictStatus.Applied)
            {
                throw new ErpSyncException(
                    ErrorIds.ConflictAlreadyApplied,
                    $"The conflict '{conflictId}' on key '{conflict.Key}' was already applied on {conflict.ResolvedAt:yyyy-MM-dd HH:mm:ss} UTC, so it cannot be resolved again.",
                    kind: ErrorKind.InvalidArgument);
            }

            if (choice == ConflictChoice.Merged && (mergedFields == null || mergedFields.Count == 0))
            {
                throw new ErpSyncException(
                    ErrorIds.ConflictRecordMissing,
                    $"Resolving the conflict on key '{conflict.Key}' with Merged needs the values to write. Pass them with -Record.",
                    kind: ErrorKind.InvalidArgument);
            }

            var now = DateTimeOffset.UtcNow;
            store.Execute(
                "UPDATE conflicts SET status = @status, resolution = @choice, resolved_fields = @fields, resolved_at = @now WHERE conflict_id = @id",
                null,
                ("@status", ConflictStatus.Resolved),
                ("@choice", choice.ToString()),
                ("@fields", choice == ConflictChoice.Merged ? FieldValues.ToJson(mergedFields!) : null),
                ("@now", StateStore.Timestamp(now)),
                ("@id", conflictId));
            return Find(conflictId)!;
        }

        /// <summary>Returns the job's conflicts that are open or resolved, by normalized key.</summary>
        internal Dictionary<string, ErpConflict> Pending(string jobName)
        {
            var pending = new Dictionary<string, ErpConflict>(StringComparer.Ordinal);
            foreach (var conflict in List(jobName))
            {
                pending[conflict.RecordKey] = conflict;
            }

            return pending;
        }

        /// <summary>Stores a new open conflict, or refreshes the values of the key's conflict that is still open.</summary>
        internal void SaveOpen(DbTransaction transaction, ErpConflict conflict)
        {
            store.Execute(
                @"INSERT INTO conflicts (conflict_id, job_name, record_key, display_key, left_fields, right_fields, baseline_fields, detected_at, status)
                  VALUES (@id, @job, @key, @display, @left, @right, @baseline, @now, @status)
                  ON CONFLICT (conflict_id) DO UPDATE SET left_fields = excluded.left_fields, right_fields = excluded.right_fields,
                    baseline_fields = excluded.baseline_fields",
                transaction,
                ("@id", conflict.ConflictId),
                ("@job", conflict.JobName),
                ("@key", conflict.RecordKey),
                ("@display", conflict.Key),
                ("@left", FieldValues.ToJson(conflict.Left)),
                ("@right", FieldValues.ToJson(conflict.Right)),
                ("@baseline", FieldValues.ToJson(conflict.Baseline)),
                ("@now", StateStore.Timestamp(conflict.DetectedAt)),
                ("@status", ConflictStatus.Open));
        }

        private static List<ErpConflict> ReadAll(DbCommand command)
        {
            var conflicts = new List<ErpConflict>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var conflict = new ErpConflict
                {
                    ConflictId = reader.GetString(0),
                    JobName = reader.GetString(1),
                    RecordKey = reader.GetString(2),
                    Key = reader.GetString(3),
                    Left = FieldValues.FromJson(reader.IsDBNull(4) ? null : reader.GetString(4)),
                    Right = FieldValues.FromJson(reader.IsDBNull(5) ? null : reader.GetString(5)),
                    Baseline = FieldValues.FromJson(reader.IsDBNull(6) ? null : reader.GetString(6)),
                    DetectedAt = StateStore.ParseTimestamp(reader.GetString(7)),
                    Status = reader.GetString(8),
                    Resolution = reader.IsDBNull(9) ? (ConflictChoice?)null : (ConflictChoice)Enum.Parse(typeof(ConflictChoice), reader.GetString(9)),
                    ResolvedFields = reader.IsDBNull(10) ? null : FieldValues.FromJson(reader.GetString(10)),
                    ResolvedAt = reader.IsDBNull(11) ? (DateTimeOffset?)null : StateStore.ParseTimestamp(reader.GetString(11)),
                };
                conflict.DifferingFields = conflict.Left.Keys
                    .Union(conflict.Right.Keys, StringComparer.OrdinalIgnoreCase)
                    .Where(f => !string.Equals(Value(conflict.Left, f), Value(conflict.Right, f), StringComparison.Ordinal))
                    .ToList();
                conflicts.Add(conflict);
            }

            return conflicts;
        }

        private static string? Value(IDictionary<string, string?> values, string field) =>
            values.TryGetValue(field, out var value) ? value : null;
    }
}
