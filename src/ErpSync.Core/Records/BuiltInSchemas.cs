using System;
using System.Collections.Generic;

namespace ErpSync.Core.Records
{
    /// <summary>The entity schemas that ship with ErpSync: the data an ERP and its shops exchange.</summary>
    public static class BuiltInSchemas
    {
        public static readonly EntitySchema Product = new EntitySchema(
            "Product",
            new[] { "Sku" },
            new[]
            {
                Field("Sku", FieldType.Text),
                Field("Name", FieldType.Text),
                Field("Description", FieldType.Text),
                Field("Category", FieldType.Text),
                Field("Supplier", FieldType.Text),
                Field("Price", FieldType.Decimal),
                Field("Cost", FieldType.Decimal),
                Field("Stock", FieldType.Integer),
                Field("Active", FieldType.Boolean),
                Field("ModifiedAt", FieldType.DateTime),
            });

        public static readonly EntitySchema InventoryLevel = new EntitySchema(
            "InventoryLevel",
            new[] { "Sku", "Location" },
            new[]
            {
                Field("Sku", FieldType.Text),
                Field("Location", FieldType.Text),
                Field("Quantity", FieldType.Decimal),
                Field("ModifiedAt", FieldType.DateTime),
            });

        public static readonly EntitySchema Price = new EntitySchema(
            "Price",
            new[] { "Sku", "PriceList" },
            new[]
            {
                Field("Sku", FieldType.Text),
                Field("PriceList", FieldType.Text),
                Field("Currency", FieldType.Text),
                Field("Amount", FieldType.Decimal),
                Field("ValidFrom", FieldType.DateTime),
                Field("ModifiedAt", FieldType.DateTime),
            });

        public static readonly EntitySchema Customer = new EntitySchema(
            "Customer",
            new[] { "Email" },
            new[]
            {
                Field("Email", FieldType.Text),
                Field("Name", FieldType.Text),
                Field("Company", FieldType.Text),
                Field("Phone", FieldType.Text),
                Field("Street", FieldType.Text),
                Field("City", FieldType.Text),
                Field("PostalCode", FieldType.Text),
                Field("Country", FieldType.Text),
                Field("ModifiedAt", FieldType.DateTime),
            });

        public static readonly EntitySchema Order = new EntitySchema(
            "Order",
            new[] { "OrderNumber" },
            new[]
            {
                Field("OrderNumber", FieldType.Text),
                Field("CustomerEmail", FieldType.Text),
                Field("OrderDate", FieldType.DateTime),
                Field("Status", FieldType.Text),
                Field("Currency", FieldType.Text),
                Field("Total", FieldType.Decimal),
                Field("ModifiedAt", FieldType.DateTime),
            });

        public static readonly EntitySchema OrderLine = new EntitySchema(
            "OrderLine",
            new[] { "OrderNumber", "LineNumber" },
            new[]
            {
                Field("OrderNumber", FieldType.Text),
                Field("LineNumber", FieldType.Integer),
                Field("Sku", FieldType.Text),
                Field("Quantity", FieldType.Decimal),
                Field("UnitPrice", FieldType.Decimal),
                Field("Discount", FieldType.Decimal),
                Field("ModifiedAt", FieldType.DateTime),
            });

        private static readonly Dictionary<string, EntitySchema> ByName =
            new Dictionary<string, EntitySchema>(StringComparer.OrdinalIgnoreCase)
            {
                [Product.Name] = Product,
                [InventoryLevel.Name] = InventoryLevel,
                [Price.Name] = Price,
                [Customer.Name] = Customer,
                [Order.Name] = Order,
                [OrderLine.Name] = OrderLine,
            };

        public static IEnumerable<EntitySchema> All => ByName.Values;

        public static bool TryGet(string entityName, out EntitySchema schema) =>
            ByName.TryGetValue(entityName, out schema!);

        private static FieldDefinition Field(string name, FieldType type) => new FieldDefinition(name, type);
    }
}
