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
    /// Products as product.product variants keyed by their code: Sku, Name, Price (the template's
    /// list price) and Stock (the quantity in the warehouse). Stock is set with an inventory,
    /// because Tryton keeps it in stock moves, not on the product.
    /// </summary>
    internal sealed class TrytonProducts : TrytonEntity
    {
        private static readonly string[] ReadFields = { "id", "code", "name", "list_price", "quantity", "template", "write_date", "create_date" };

        public TrytonProducts(TrytonEndpoint endpoint)
            : base(endpoint)
        {
        }

        public override string ModelName => "product.product";

        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read | EndpointCapabilities.ReadChangedSince | EndpointCapabilities.Write | EndpointCapabilities.NativeIds;

        public override IEnumerable<RemoteRow> Read(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var domain = since == null ? Domain() : ChangedProducts(since.Value, cancellationToken);
            var context = Client.Context(new JObject { ["locations"] = JsonList.Of(Warehouse(cancellationToken)) });
            foreach (var row in SearchRead(ModelName, domain, ReadFields, cancellationToken, context))
            {
                yield return new RemoteRow(((int)row["id"]!).ToString(CultureInfo.InvariantCulture), TrytonValues.ModifiedAt(row))
                    .Add("Sku", TextOf(row["code"]))
                    .Add("Name", TextOf(row["name"]))
                    .Add("Price", TrytonValues.ToDecimal(row["list_price"]))
                    .Add("Stock", QuantityOf(row["quantity"]));
            }
        }

        public override WriteOutcome Write(WriteOperation operation, CancellationToken cancellationToken)
        {
            var sku = (operation.ExistingKey ?? operation.Key).RawParts[0]?.ToString() ?? string.Empty;
            var existing = Find(operation.NativeId, sku, cancellationToken);
            if (operation.Kind == WriteKind.Delete)
            {
                return Delete(operation, existing, cancellationToken);
            }

            var fields = operation.Record!.Fields;
            if (existing == null)
            {
                if (operation.Kind == WriteKind.Update)
                {
                    throw new ErpSyncException(ErrorIds.TrytonRecordNotFound, $"Tryton has no product with the code '{sku}', so it was not updated.", kind: ErrorKind.ObjectNotFound);
                }

                var id = CreateOnce(() => CreateProduct(sku, fields, cancellationToken), () => (int?)Find(null, sku, cancellationToken)?["id"]);
                SetStock(id, DecimalOf(fields.Get("Stock")), 0m, cancellationToken);
                return WriteOutcome.Done(operation, WriteResultKind.Created, id.ToString(CultureInfo.InvariantCulture));
            }

            if (operation.Kind == WriteKind.Insert)
            {
                throw new ErpSyncException(ErrorIds.KeyExists, $"Tryton already has a product with the code '{sku}' (id {existing["id"]}).", kind: ErrorKind.WriteError);
            }

            var productId = (int)existing["id"]!;
            var values = TemplateValues(fields);
            if (values.Count > 0)
            {
                WriteValues("product.template", (int)existing["template"]!, values, cancellationToken);
            }

            SetStock(productId, DecimalOf(fields.Get("Stock")), QuantityOf(existing["quantity"]), cancellationToken);
            return WriteOutcome.Done(operation, WriteResultKind.Updated, productId.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>The filter of products changed since a time, including those whose stock moved: stock moves do not touch the product.</summary>
        private JArray ChangedProducts(DateTimeOffset since, CancellationToken cancellationToken)
        {
            var moved = SearchRead("stock.move", TrytonValues.ChangedSince(since), new[] { "product" }, cancellationToken)
                .Select(move => (int)move["product"]!)
                .Distinct()
                .ToList();
            return JsonList.Of("OR", TrytonValues.ChangedSince(since), Domain(Condition("id", "in", new JArray(moved))));
        }

        private JObject? Find(string? nativeId, string sku, CancellationToken cancellationToken)
        {
            var domain = nativeId != null && int.TryParse(nativeId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? Domain(Condition("id", "=", id))
                : Domain(Condition("code", "=", sku));
            var context = Client.Context(new JObject { ["locations"] = JsonList.Of(Warehouse(cancellationToken)) });
            return SearchRead(ModelName, domain, ReadFields, cancellationToken, context).FirstOrDefault();
        }

        private int CreateProduct(string sku, Records.RecordFields fields, CancellationToken cancellationToken)
        {
            var template = TemplateValues(fields);
            template["code"] = sku;
            template["type"] = "goods";
            template["default_uom"] = 1;
            template["salable"] = true;
            template["sale_uom"] = 1;
            if (template["name"] == null)
            {
                template["name"] = sku;
            }

            if (template["list_price"] == null)
            {
                template["list_price"] = TrytonValues.FromDecimal(0m);
            }

            template["products"] = JsonList.Of(JsonList.Of("create", JsonList.Of(new JObject { ["suffix_code"] = string.Empty })));
            var templateId = Create("product.template", template, cancellationToken);
            return Search(ModelName, Domain(Condition("template", "=", templateId)), cancellationToken).Single();
        }

        private static JObject TemplateValues(Records.RecordFields fields)
        {
            var values = new JObject();
            if (fields.Get("Name") is string name)
            {
                values["name"] = name;
            }

            var price = DecimalOf(fields.Get("Price"));
            if (price != null)
            {
                values["list_price"] = TrytonValues.FromDecimal(price.Value);
            }

            return values;
        }

        /// <summary>Sets the stock in the warehouse with a confirmed inventory, when it differs from what Tryton holds.</summary>
        private void SetStock(int productId, decimal? stock, decimal? current, CancellationToken cancellationToken)
        {
            if (stock == null || stock == current)
            {
                return;
            }

            var inventory = new JObject
            {
                ["location"] = Storage(cancellationToken),
                ["lines"] = JsonList.Of(JsonList.Of("create", JsonList.Of(new JObject { ["product"] = productId, ["quantity"] = stock.Value }))),
            };
            var inventoryId = Create("stock.inventory", inventory, cancellationToken);
            Client.CallModel("stock.inventory", "confirm", JsonList.Of(JsonList.Of(inventoryId)), safeToRepeat: true, cancellationToken);
        }

        private WriteOutcome Delete(WriteOperation operation, JObject? existing, CancellationToken cancellationToken)
        {
            if (existing == null)
            {
                return WriteOutcome.Done(operation, WriteResultKind.NotFound);
            }

            // A product with stock moves cannot be deleted, so Tryton's way is to archive it.
            var templateId = (int)existing["template"]!;
            WriteValues("product.template", templateId, new JObject { ["active"] = false }, cancellationToken);
            return WriteOutcome.Done(operation, WriteResultKind.Deleted, ((int)existing["id"]!).ToString(CultureInfo.InvariantCulture));
        }

        private static long? QuantityOf(JToken? token)
        {
            var quantity = TrytonValues.ToDecimal(token);
            return quantity == null ? (long?)null : (long)decimal.Truncate(quantity.Value);
        }
    }
}
