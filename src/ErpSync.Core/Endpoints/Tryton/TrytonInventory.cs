using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints.Http;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Tryton
{
    /// <summary>
    /// Stock levels of the warehouse: one record per product code with the warehouse's code as its
    /// Location. Changed-since reads find the products whose stock moves changed; writes confirm an
    /// inventory that sets the quantity.
    /// </summary>
    internal sealed class TrytonInventory : TrytonEntity
    {
        private static readonly string[] ReadFields = { "id", "code", "quantity", "write_date", "create_date" };
        private string? warehouseCode;

        public TrytonInventory(TrytonEndpoint endpoint)
            : base(endpoint)
        {
        }

        public override string ModelName => "stock.inventory";

        // NOTE: Write is claimed so that upsert-only engines accept the endpoint, but only updates of
        // existing products succeed; inserts and deletes fail per record.
        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read | EndpointCapabilities.ReadChangedSince | EndpointCapabilities.Write | EndpointCapabilities.NativeIds;

        public override IEnumerable<RemoteRow> Read(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var location = WarehouseCode(cancellationToken);
            var domain = since == null ? Domain() : Domain(Condition("id", "in", new JArray(MovedProducts(since.Value, cancellationToken).Cast<object>().ToArray())));
            foreach (var row in SearchRead("product.product", domain, ReadFields, cancellationToken, StockContext(cancellationToken)))
            {
                var moved = TrytonValues.ModifiedAt(row);
                yield return new RemoteRow(((int)row["id"]!).ToString(CultureInfo.InvariantCulture), moved)
                    .Add("Sku", TextOf(row["code"]))
                    .Add("Location", location)
                    .Add("Quantity", TrytonValues.ToDecimal(row["quantity"]));
            }
        }

        public override WriteOutcome Write(WriteOperation operation, CancellationToken cancellationToken)
        {
            var parts = (operation.ExistingKey ?? operation.Key).RawParts;
            var sku = parts[0]?.ToString() ?? string.Empty;
            var location = parts.Count > 1 ? parts[1]?.ToString() : null;
            if (operation.Kind == WriteKind.Delete || operation.Kind == WriteKind.Insert)
            {
                throw new ErpSyncException(ErrorIds.EntityNotSupported, $"Stock levels in Tryton are set on existing products only; '{sku}' was not {(operation.Kind == WriteKind.Delete ? "deleted" : "inserted")}. Use an update or an upsert.", kind: ErrorKind.InvalidArgument);
            }

            var warehouse = WarehouseCode(cancellationToken);
            if (location != null && !string.Equals(location, warehouse, StringComparison.OrdinalIgnoreCase))
            {
                throw new ErpSyncException(ErrorIds.TrytonRecordNotFound, $"The Tryton warehouse is '{warehouse}', not '{location}'; the stock of '{sku}' was not set.", kind: ErrorKind.ObjectNotFound);
            }

            var product = SearchRead("product.product", Domain(Condition("code", "=", sku)), ReadFields, cancellationToken, StockContext(cancellationToken)).FirstOrDefault();
            if (product == null)
            {
                throw new ErpSyncException(ErrorIds.TrytonRecordNotFound, $"Tryton has no product with the code '{sku}', so its stock was not set.", kind: ErrorKind.ObjectNotFound);
            }

            var productId = (int)product["id"]!;
            var quantity = DecimalOf(operation.Record!.Fields.Get("Quantity"));
            if (quantity != null && quantity != TrytonValues.ToDecimal(product["quantity"]))
            {
                var inventory = new JObject
                {
                    ["location"] = Storage(cancellationToken),
                    ["lines"] = JsonList.Of(JsonList.Of("create", JsonList.Of(new JObject { ["product"] = productId, ["quantity"] = quantity.Value }))),
                };
                var inventoryId = Create("stock.inventory", inventory, cancellationToken);
                Client.CallModel("stock.inventory", "confirm", JsonList.Of(JsonList.Of(inventoryId)), safeToRepeat: true, cancellationToken);
            }

            return WriteOutcome.Done(operation, WriteResultKind.Updated, productId.ToString(CultureInfo.InvariantCulture));
        }

        private JObject StockContext(CancellationToken cancellationToken) =>
            Client.Context(new JObject { ["locations"] = JsonList.Of(Warehouse(cancellationToken)) });

        private IEnumerable<int> MovedProducts(DateTimeOffset since, CancellationToken cancellationToken)
        {
            var moved = SearchRead("stock.move", TrytonValues.ChangedSince(since), new[] { "product" }, cancellationToken)
                .Select(move => (int)move["product"]!);
            var created = Search("product.product", TrytonValues.ChangedSince(since), cancellationToken);
            return moved.Concat(created).Distinct().ToList();
        }

        private string WarehouseCode(CancellationToken cancellationToken)
        {
            if (warehouseCode == null)
            {
                var id = Warehouse(cancellationToken);
                var row = SearchRead("stock.location", Domain(Condition("id", "=", id)), new[] { "code", "name" }, cancellationToken).Single();
                warehouseCode = TextOf(row["code"]) ?? TextOf(row["name"]) ?? id.ToString(CultureInfo.InvariantCulture);
            }

            return warehouseCode;
        }
    }
}
