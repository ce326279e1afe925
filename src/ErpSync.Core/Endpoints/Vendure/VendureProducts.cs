using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using ErpSync.Core.Endpoints.Http;
using ErpSync.Core.Records;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Vendure
{
    /// <summary>
    /// Product variants keyed by SKU: as products (Sku, Name, Price, Stock) or as inventory levels
    /// (Sku, Location "default", Quantity = stock on hand). Vendure accepts two variants with the same
    /// SKU, so every create first looks the SKU up and rejects a duplicate.
    /// </summary>
    internal sealed class VendureProducts : VendureEntity
    {
        /// <summary>The Location of every inventory level: the stock on hand of Vendure's default stock location.</summary>
        public const string DefaultLocation = "default";

        private const string Selection = "id sku name price stockOnHand productId createdAt updatedAt";

        private const string CreateProductMutation =
            "mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }";

        private const string CreateVariantMutation =
            "mutation($input: [CreateProductVariantInput!]!) { createProductVariants(input: $input) { id } }";

        private const string UpdateVariantMutation =
            "mutation($input: [UpdateProductVariantInput!]!) { updateProductVariants(input: $input) { id } }";

        private const string DeleteVariantMutation =
            "mutation($id: ID!) { deleteProductVariant(id: $id) { result message } }";

        private const string DeleteProductMutation =
            "mutation($id: ID!) { deleteProduct(id: $id) { result message } }";

        private const string ProductBySlugQuery =
            "query($slug: String!) { product(slug: $slug) { id } }";

        private readonly bool inventoryOnly;

        public VendureProducts(VendureEndpoint endpoint, bool inventoryOnly)
            : base(endpoint)
        {
            this.inventoryOnly = inventoryOnly;
        }

        public override string ListName => "productVariants";

        // NOTE: inventory levels claim Write so that upsert-only engines such as Start-Broadcast accept
        // them. Only updates of existing variants succeed, and inserts and deletes fail per record.
        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read | EndpointCapabilities.ReadChangedSince | EndpointCapabilities.Write | EndpointCapabilities.NativeIds;

        public override IEnumerable<RemoteRow> Read(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var filter = since == null ? null : ChangedSince("updatedAt", since.Value);
            foreach (var variant in List("ProductVariantListOptions", Selection, filter, cancellationToken))
            {
                var row = new RemoteRow((string)variant["id"]!, DateOf(variant["updatedAt"]));
                if (inventoryOnly)
                {
                    yield return row
                        .Add("Sku", TextOf(variant["sku"]))
                        .Add("Location", DefaultLocation)
                        .Add("Quantity", (decimal)(long)variant["stockOnHand"]!);
                    continue;
                }

                yield return row
                    .Add("Sku", TextOf(variant["sku"]))
                    .Add("Name", TextOf(variant["name"]))
                    .Add("Price", VendureMoney.FromMinorUnits((long)variant["price"]!, Digits))
                    .Add("Stock", (long)variant["stockOnHand"]!);
            }
        }

        public override WriteOutcome Write(WriteOperation operation, CancellationToken cancellationToken)
        {
            var key = operation.ExistingKey ?? operation.Key;
            var sku = key.RawParts[0] ?? string.Empty;
            if (inventoryOnly && key.RawParts.Count > 1 && !string.Equals(key.RawParts[1], DefaultLocation, StringComparison.OrdinalIgnoreCase))
            {
                throw new ErpSyncException(ErrorIds.VendureRecordNotFound, $"Vendure endpoints hold the stock of the location '{DefaultLocation}', not '{key.RawParts[1]}'; the stock of '{sku}' was not set.", kind: ErrorKind.ObjectNotFound);
            }

            var existing = FindBySku(sku, cancellationToken);
            if (operation.Kind == WriteKind.Delete)
            {
                return Delete(operation, existing, cancellationToken);
            }

            var fields = operation.Record!.Fields;
            if (existing.Count == 0)
            {
                if (operation.Kind == WriteKind.Update || inventoryOnly)
                {
                    throw new ErpSyncException(ErrorIds.VendureRecordNotFound, $"Vendure has no product variant with the SKU '{sku}', so it was not updated.", kind: ErrorKind.ObjectNotFound);
                }

                var created = CreateVariant(sku, fields, cancellationToken);
                return WriteOutcome.Done(operation, WriteResultKind.Created, created);
            }

            if (operation.Kind == WriteKind.Insert)
            {
                throw new ErpSyncException(ErrorIds.VendureSkuExists, $"Vendure already has a product variant with the SKU '{sku}' (id {existing[0]["id"]}); a second one was not created.", kind: ErrorKind.WriteError);
            }

            var id = (string)existing[0]["id"]!;
            var input = VariantValues(fields);
            input["id"] = id;
            if (input.Count > 1)
            {
                Mutate("updateProductVariants", UpdateVariantMutation, new JObject { ["input"] = JsonList.Of(input) }, safeToRepeat: true, cancellationToken);
            }

            return WriteOutcome.Done(operation, WriteResultKind.Updated, id);
        }

        private List<JObject> FindBySku(string sku, CancellationToken cancellationToken) =>
            List("ProductVariantListOptions", Selection, Filter("sku", "eq", sku), cancellationToken).ToList();

        /// <summary>
        /// Creates a product with one variant. When a create's outcome is unknown, the product is
        /// looked up by slug and the variant by SKU before anything is sent again.
        /// </summary>
        private string CreateVariant(string sku, RecordFields fields, CancellationToken cancellationToken)
        {
            var name = fields.Get("Name") as string ?? sku;
            var slug = Slug(sku);
            string productId;
            try
            {
                productId = CreateProduct(name, slug, cancellationToken);
            }
            catch (HttpOutcomeUnknownException)
            {
                var found = Client.Execute(ProductBySlugQuery, new JObject { ["slug"] = slug }, safeToRepeat: true, cancellationToken)["product"];
                productId = found is JObject product ? (string)product["id"]! : CreateProduct(name, slug, cancellationToken);
            }

            var input = VariantValues(fields);
            input["productId"] = productId;
            input["sku"] = sku;
            if (input["price"] == null)
            {
                input["price"] = 0;
            }

            if (input["translations"] == null)
            {
                input["translations"] = JsonList.Of(new JObject { ["languageCode"] = Endpoint.Vendure.LanguageCode, ["name"] = name });
            }

            var variables = new JObject { ["input"] = JsonList.Of(input) };
            try
            {
                var created = (JArray)Mutate("createProductVariants", CreateVariantMutation, variables, safeToRepeat: false, cancellationToken);
                return (string)created[0]!["id"]!;
            }
            catch (HttpOutcomeUnknownException)
            {
                var found = FindBySku(sku, cancellationToken);
                if (found.Count > 0)
                {
                    return (string)found[0]["id"]!;
                }

                var created = (JArray)Mutate("createProductVariants", CreateVariantMutation, variables, safeToRepeat: false, cancellationToken);
                return (string)created[0]!["id"]!;
            }
            catch (ErpSyncException ex) when (!(ex is HttpOutcomeUnknownException))
            {
                // A product without a variant would show in the shop as an empty product.
                Mutate("deleteProduct", DeleteProductMutation, new JObject { ["id"] = productId }, safeToRepeat: true, cancellationToken);
                throw;
            }
        }

        private string CreateProduct(string name, string slug, CancellationToken cancellationToken)
        {
            var input = new JObject
            {
                ["translations"] = JsonList.Of(new JObject
                {
                    ["languageCode"] = Endpoint.Vendure.LanguageCode,
                    ["name"] = name,
                    ["slug"] = slug,
                    ["description"] = string.Empty,
                }),
            };
            return (string)Mutate("createProduct", CreateProductMutation, new JObject { ["input"] = input }, safeToRepeat: false, cancellationToken)["id"]!;
        }

        private JObject VariantValues(RecordFields fields)
        {
            var input = new JObject();
            if (inventoryOnly)
            {
                if (fields.Get("Quantity") is decimal quantity)
                {
                    input["stockOnHand"] = decimal.ToInt64(decimal.Truncate(quantity));
                }

                return input;
            }

            if (fields.Get("Name") is string name)
            {
                input["translations"] = JsonList.Of(new JObject { ["languageCode"] = Endpoint.Vendure.LanguageCode, ["name"] = name });
            }

            if (fields.Get("Price") is decimal price)
            {
                input["price"] = VendureMoney.ToMinorUnits(price, Digits);
            }

            var stock = fields.Get("Stock");
            if (stock != null)
            {
                input["stockOnHand"] = Convert.ToInt64(stock, CultureInfo.InvariantCulture);
            }

            return input;
        }

        private WriteOutcome Delete(WriteOperation operation, List<JObject> existing, CancellationToken cancellationToken)
        {
            if (existing.Count == 0)
            {
                return WriteOutcome.Done(operation, WriteResultKind.NotFound);
            }

            if (inventoryOnly)
            {
                throw new ErpSyncException(ErrorIds.EntityNotSupported, $"Stock levels are not deleted; set the stock of '{operation.Key}' to 0 instead.", kind: ErrorKind.InvalidArgument);
            }

            foreach (var variant in existing)
            {
                Mutate("deleteProductVariant", DeleteVariantMutation, new JObject { ["id"] = variant["id"] }, safeToRepeat: true, cancellationToken);
            }

            return WriteOutcome.Done(operation, WriteResultKind.Deleted, (string)existing[0]["id"]!);
        }

        /// <summary>Returns a URL slug built from the SKU: lower-case letters, digits and hyphens.</summary>
        private static string Slug(string sku)
        {
            var slug = new StringBuilder("sku-");
            foreach (var c in sku.ToLowerInvariant())
            {
                slug.Append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ? c : '-');
            }

            return slug.ToString();
        }
    }
}
