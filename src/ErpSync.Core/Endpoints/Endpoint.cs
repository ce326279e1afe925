using System;
using System.Collections.Generic;
using System.Threading;
using ErpSync.Core.Records;

namespace ErpSync.Core.Endpoints
{
    /// <summary>
    /// One entity in one system: a file, a table, a resource. Subclasses read raw rows and write
    /// batches. This base turns rows into typed records and enforces the key rules of a read: a row
    /// without a key, or a key seen twice, is an error for that row and never overwrites another.
    /// </summary>
    public abstract class Endpoint : IDisposable
    {
        private const long NoPosition = long.MinValue;

        protected Endpoint(EndpointOptions options)
        {
            Options = options;
        }

        public EndpointOptions Options { get; }

        public string Name => Options.Name;

        public EntitySchema Schema => Options.Schema;

        /// <summary>The kind of system: Csv, Json, Sqlite and so on.</summary>
        public abstract string Kind { get; }

        /// <summary>Where the data lives, for messages: a file path or a table name. It must not contain a password.</summary>
        public abstract string Location { get; }

        public abstract EndpointCapabilities Capabilities { get; }

        public bool Can(EndpointCapabilities capability) => (Capabilities & capability) == capability;

        /// <summary>Streams the endpoint's records; rows that cannot become records come as errors in the same stream.</summary>
        public IEnumerable<ReadItem> Read(DateTimeOffset? since = null, CancellationToken cancellationToken = default) =>
            Read(since, checkDuplicates: true, cancellationToken);

        /// <summary>
        /// Streams the endpoint's records, with or without the duplicate-key check. The check keeps every
        /// key read so far, so a caller that reads the endpoint again and has already recorded which items
        /// were duplicates turns it off. Either way the stream has one item per row, in the same order.
        /// </summary>
        internal IEnumerable<ReadItem> Read(DateTimeOffset? since, bool checkDuplicates, CancellationToken cancellationToken)
        {
            // The position of the first record per key, or NoPosition when the endpoint gives none.
            var seen = checkDuplicates ? new Dictionary<string, long>(StringComparer.Ordinal) : null;
            foreach (var item in ReadRecords(since, cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (item.Record == null || seen == null)
                {
                    yield return item;
                    continue;
                }

                var record = item.Record;
                if (seen.TryGetValue(record.Key.Normalized, out var firstPosition))
                {
                    yield return ReadItem.Failed(DuplicateKeyError(record, firstPosition == NoPosition ? null : firstPosition));
                    continue;
                }

                seen.Add(record.Key.Normalized, record.Position ?? NoPosition);
                yield return item;
            }
        }

        /// <summary>
        /// Returns the KeyDuplicate error that a read reports for a record whose key an earlier record
        /// already had. <paramref name="firstPosition"/> is the earlier record's position, or null when
        /// the endpoint gives none. A caller that reads with the check turned off and finds duplicates
        /// itself reports them with this error.
        /// </summary>
        internal RecordError DuplicateKeyError(ErpRecord record, long? firstPosition)
        {
            var first = firstPosition == null ? "earlier" : $"at {PositionLabel} {firstPosition}";
            return new RecordError(
                ErrorIds.KeyDuplicate,
                $"The key '{record.Key}' was already read {first}. Each key may appear once; remove or merge the duplicate. This row was skipped.")
            {
                Source = Describe(),
                Position = record.Position,
                PositionLabel = PositionLabel,
                Key = record.Key.ToString(),
                Target = record,
            };
        }

        /// <summary>Counts the records without reading them, where the system can; null otherwise.</summary>
        public virtual long? CountRecords(CancellationToken cancellationToken = default) => null;

        public abstract IRecordWriter OpenWriter();

        /// <summary>Returns the endpoint as named in messages: its name and location.</summary>
        public string Describe() => $"{Kind} endpoint '{Name}' ({Location})";

        /// <summary>What a record's position counts in this endpoint: "line" or "row".</summary>
        protected virtual string PositionLabel => "line";

        protected abstract IEnumerable<ReadItem> ReadRecords(DateTimeOffset? since, CancellationToken cancellationToken);

        /// <summary>Builds a typed record from a row of system columns and values; see <see cref="RecordBuilder"/>.</summary>
        protected ReadItem CreateRecord(IEnumerable<KeyValuePair<string, object?>> row, long? position, string? nativeId = null) =>
            Builder.Build(row, position, nativeId);

        /// <summary>Builds a record from fields that already carry the schema's names and types.</summary>
        protected ReadItem CreateRecord(RecordFields fields, long? position, string? nativeId = null) =>
            Builder.BuildFromFields(fields, position, nativeId);

        private RecordBuilder? builder;

        /// <summary>The builder that turns this endpoint's rows into records.</summary>
        public RecordBuilder Builder => builder ??= new RecordBuilder(Options, Describe(), PositionLabel);

        /// <summary>Raised for problems that skip nothing but deserve a look, such as an unused duplicate column.</summary>
        public event Action<string>? Warning;

        protected void Warn(string message) => Warning?.Invoke(message);

        public virtual void Dispose()
        {
        }

        public override string ToString() => Describe();
    }
}
