using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;

namespace ErpSync.Core.Tests.Synchronization
{
    /// <summary>
    /// An in-memory system that assigns its own ids on create, like a shop API: its records are keyed
    /// by that id, so a new record's key is only known from the write outcome or a later read.
    /// </summary>
    internal sealed class IdAssigningEndpoint : Endpoint
    {
        private readonly SortedDictionary<string, RecordFields> rows = new SortedDictionary<string, RecordFields>(StringComparer.Ordinal);
        private int nextId = 1000;

        public IdAssigningEndpoint(string name)
            : base(new EndpointOptions(name, EntitySchema.AdHoc("Product", new[] { "Id" })))
        {
        }

        public override string Kind => "Memory";

        public override string Location => "memory";

        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read | EndpointCapabilities.Write | EndpointCapabilities.Transactions | EndpointCapabilities.NativeIds;

        public IReadOnlyCollection<RecordFields> Rows => rows.Values;

        public override IRecordWriter OpenWriter() => new Writer(this);

        protected override IEnumerable<ReadItem> ReadRecords(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var position = 0;
            foreach (var pair in rows.ToList())
            {
                yield return CreateRecord(pair.Value.Clone(), ++position, pair.Key);
            }
        }

        private sealed class Writer : IRecordWriter
        {
            private readonly IdAssigningEndpoint endpoint;

            public Writer(IdAssigningEndpoint endpoint)
            {
                this.endpoint = endpoint;
            }

            public IReadOnlyList<WriteOutcome> WriteBatch(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken)
            {
                var outcomes = new List<WriteOutcome>();
                foreach (var operation in batch)
                {
                    outcomes.Add(Apply(operation));
                }

                return outcomes;
            }

            public void Truncate(CancellationToken cancellationToken) => endpoint.rows.Clear();

            public void Complete()
            {
            }

            public void Dispose()
            {
            }

            private WriteOutcome Apply(WriteOperation operation)
            {
                if (operation.Kind == WriteKind.Insert)
                {
                    var id = "ID-" + endpoint.nextId++;
                    var fields = new RecordFields();
                    fields.Set("Id", id);
                    foreach (var field in operation.Record!.Fields)
                    {
                        fields.Set(field.Key, field.Value);
                    }

                    endpoint.rows[id] = fields;
                    return WriteOutcome.Done(operation, WriteResultKind.Created, id);
                }

                var existing = operation.NativeId ?? (operation.ExistingKey ?? operation.Key).RawParts[0];
                if (!endpoint.rows.TryGetValue(existing, out var row))
                {
                    return WriteOutcome.Failed(operation, new RecordError(ErrorIds.WriteFailed, $"No record has the id '{existing}'."));
                }

                if (operation.Kind == WriteKind.Delete)
                {
                    endpoint.rows.Remove(existing);
                    return WriteOutcome.Done(operation, WriteResultKind.Deleted, existing);
                }

                foreach (var field in operation.Record!.Fields.Where(f => !string.Equals(f.Key, "Id", StringComparison.OrdinalIgnoreCase)))
                {
                    row.Set(field.Key, field.Value);
                }

                return WriteOutcome.Done(operation, WriteResultKind.Updated, existing);
            }
        }
    }
}
