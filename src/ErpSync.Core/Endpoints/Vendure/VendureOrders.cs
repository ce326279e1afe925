using System;
using System.Collections.Generic;
using System.Threading;
using ErpSync.Core.Endpoints.Http;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Vendure
{
    /// <summary>
    /// Placed orders, read only: OrderNumber is the order code, Total the total with tax. Changed-since
    /// reads filter on orderPlacedAt, because an order's updatedAt does not move when it is paid.
    /// </summary>
    internal sealed class VendureOrders : VendureEntity
    {
        private const string Selection =
            "id code state orderPlacedAt updatedAt currencyCode totalWithTax customer { emailAddress }";

        public VendureOrders(VendureEndpoint endpoint)
            : base(endpoint)
        {
        }

        public override string ListName => "orders";

        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read | EndpointCapabilities.ReadChangedSince | EndpointCapabilities.NativeIds;

        public override IEnumerable<RemoteRow> Read(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var filter = since == null
                ? new JObject { ["orderPlacedAt"] = new JObject { ["isNull"] = false } }
                : ChangedSince("orderPlacedAt", since.Value);
            foreach (var order in List("OrderListOptions", Selection, filter, cancellationToken))
            {
                var placed = DateOf(order["orderPlacedAt"]);
                yield return new RemoteRow((string)order["id"]!, placed)
                    .Add("OrderNumber", TextOf(order["code"]))
                    .Add("CustomerEmail", TextOf(order["customer"]?["emailAddress"]))
                    .Add("OrderDate", placed)
                    .Add("Status", TextOf(order["state"]))
                    .Add("Currency", TextOf(order["currencyCode"]))
                    .Add("Total", VendureMoney.FromMinorUnits((long)order["totalWithTax"]!, Digits));
            }
        }

        public override WriteOutcome Write(WriteOperation operation, CancellationToken cancellationToken) =>
            throw new ErpSyncException(ErrorIds.EndpointReadOnly, $"Vendure orders are read only in ErpSync; the order '{operation.Key}' was not written.", kind: ErrorKind.InvalidArgument);
    }
}
