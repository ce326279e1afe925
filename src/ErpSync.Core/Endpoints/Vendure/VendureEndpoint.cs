using System;
using System.Collections.Generic;
using System.Threading;
using ErpSync.Core.Endpoints.Http;

namespace ErpSync.Core.Endpoints.Vendure
{
    /// <summary>
    /// One entity of a Vendure shop over its Admin GraphQL API: products (product variants keyed by
    /// SKU), inventory levels (stock on hand), customers or orders. Records carry Vendure's own ids
    /// as their NativeId.
    /// </summary>
    public sealed class VendureEndpoint : Endpoint
    {
        private readonly VendureEntity entity;

        public VendureEndpoint(EndpointOptions options, VendureEndpointOptions vendure, VendureClient? client = null)
            : base(options)
        {
            Vendure = vendure;
            Client = client ?? new VendureClient(vendure);
            Client.Retrying += Warn;

            // Records carry the system's modification time, so change detection can use a watermark.
            options.ModifiedField ??= ModifiedField;
            entity = VendureEntity.For(this);
        }

        public VendureEndpointOptions Vendure { get; }

        public VendureClient Client { get; }

        /// <summary>The name under which records report the system's modification time; it is not one of the record's fields.</summary>
        public const string ModifiedField = "ModifiedAt";

        public override string Kind => "Vendure";

        public override string Location => $"{Vendure.AdminApi}, {entity.ListName}";

        public override EndpointCapabilities Capabilities => entity.Capabilities;

        public override IRecordWriter OpenWriter() => new RemoteRecordWriter(this, entity.Write);

        protected override string PositionLabel => "record";

        protected override IEnumerable<ReadItem> ReadRecords(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var from = since == null ? (DateTimeOffset?)null : since.Value - Vendure.Overlap;
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
