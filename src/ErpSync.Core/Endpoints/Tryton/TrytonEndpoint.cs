using System;
using System.Collections.Generic;
using System.Threading;
using ErpSync.Core.Endpoints.Http;
using ErpSync.Core.Records;

namespace ErpSync.Core.Endpoints.Tryton
{
    /// <summary>
    /// One entity of a Tryton ERP over its JSON-RPC API: products (product.product with its
    /// template), inventory levels (stock quantities and inventories), customers (party.party) or
    /// orders (sale.sale). Records carry Tryton's own ids as their NativeId.
    /// </summary>
    public sealed class TrytonEndpoint : Endpoint
    {
        private readonly TrytonEntity entity;

        public TrytonEndpoint(EndpointOptions options, TrytonEndpointOptions tryton, TrytonClient? client = null)
            : base(options)
        {
            Tryton = tryton;
            Client = client ?? new TrytonClient(tryton);
            Client.Retrying += Warn;

            // Records carry the system's modification time, so change detection can use a watermark.
            options.ModifiedField ??= ModifiedField;
            entity = TrytonEntity.For(this);
        }

        public TrytonEndpointOptions Tryton { get; }

        public TrytonClient Client { get; }

        /// <summary>The name under which records report the system's modification time; it is not one of the record's fields.</summary>
        public const string ModifiedField = "ModifiedAt";

        public override string Kind => "Tryton";

        public override string Location => $"{Tryton.Server} database {Tryton.Database}, {entity.ModelName}";

        public override EndpointCapabilities Capabilities => entity.Capabilities;

        public override IRecordWriter OpenWriter() => new RemoteRecordWriter(this, entity.Write);

        protected override string PositionLabel => "record";

        protected override IEnumerable<ReadItem> ReadRecords(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var from = since == null ? (DateTimeOffset?)null : since.Value - Tryton.Overlap;
            long position = 0;
            foreach (var row in entity.Read(from, cancellationToken))
            {
                var item = CreateRecord(row.Fields, ++position, row.NativeId);
                if (item.Record != null)
                {
                    item.Record.ModifiedAt = row.ModifiedAt;
                }

                yield return item;
            }
        }

        public override void Dispose() => Client.Dispose();
    }
}
