using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints.Http;
using ErpSync.Core.Records;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Tryton
{
    /// <summary>
    /// Orders as sales (sale.sale) keyed by their reference. A sale is written with one line that
    /// carries the order's Total, so Tryton's untaxed total reads back as the Total; Status goes to
    /// the sale's description. The customer is the party with the order's e-mail address, created
    /// when Tryton has none.
    /// </summary>
    internal sealed class TrytonOrders : TrytonEntity
    {
        private static readonly string[] ReadFields = { "id", "reference", "number", "party", "sale_date", "description", "currency", "untaxed_amount", "write_date", "create_date" };
        private Dictionary<int, string>? currencyCodes;

        public TrytonOrders(TrytonEndpoint endpoint)
            : base(endpoint)
        {
        }

        public override string ModelName => "sale.sale";

        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read | EndpointCapabilities.ReadChangedSince | EndpointCapabilities.Insert | EndpointCapabilities.Update | EndpointCapabilities.NativeIds;

        public override IEnumerable<RemoteRow> Read(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var domain = since == null ? Domain() : TrytonValues.ChangedSince(since.Value);
            var sales = SearchRead(ModelName, domain, ReadFields, cancellationToken).ToList();
            var partyIds = new JArray(sales.Select(s => (object)(int)s["party"]!).Distinct().ToArray());
            var emails = SearchRead("party.contact_mechanism", Domain(Condition("party", "in", partyIds), Condition("type", "=", "email")), new[] { "party", "value" }, cancellationToken)
                .GroupBy(m => (int)m["party"]!)
                .ToDictionary(g => g.Key, g => (string?)g.First()["value"]);

            foreach (var sale in sales)
            {
                var id = (int)sale["id"]!;
                emails.TryGetValue((int)sale["party"]!, out var email);
                yield return new RemoteRow(Id(id), TrytonValues.ModifiedAt(sale))
                    .Add("OrderNumber", TextOf(sale["reference"]) ?? TextOf(sale["number"]))
                    .Add("CustomerEmail", email)
                    .Add("OrderDate", TrytonValues.ToDateTime(sale["sale_date"]))
                    .Add("Status", TextOf(sale["description"]))
                    .Add("Currency", CurrencyCode((int?)sale["currency"], cancellationToken))
                    .Add("Total", TrytonValues.ToDecimal(sale["untaxed_amount"]));
            }
        }

        public override WriteOutcome Write(WriteOperation operation, CancellationToken cancellationToken)
        {
            var reference = (operation.ExistingKey ?? operation.Key).RawParts[0] ?? string.Empty;
            var existing = FindSale(operation.NativeId, reference, cancellationToken);
            if (operation.Kind == WriteKind.Delete)
            {
                throw new ErpSyncException(ErrorIds.EntityNotSupported, $"Sales are not deleted through ErpSync; cancel the sale '{reference}' in Tryton instead.", kind: ErrorKind.InvalidArgument);
            }

            var fields = operation.Record!.Fields;
            if (existing == null)
            {
                if (operation.Kind == WriteKind.Update)
                {
                    throw new ErpSyncException(ErrorIds.TrytonRecordNotFound, $"Tryton has no sale with the reference '{reference}', so it was not updated.", kind: ErrorKind.ObjectNotFound);
                }

                var created = CreateOnce(() => CreateSale(reference, fields, cancellationToken), () => FindSale(null, reference, cancellationToken));
                return WriteOutcome.Done(operation, WriteResultKind.Created, Id(created));
            }

            if (operation.Kind == WriteKind.Insert)
            {
                throw new ErpSyncException(ErrorIds.KeyExists, $"Tryton already has a sale with the reference '{reference}' (id {existing}).", kind: ErrorKind.WriteError);
            }

            var values = SaleValues(reference, fields, cancellationToken);
            var lines = Search("sale.line", Domain(Condition("sale", "=", existing.Value)), cancellationToken);
            values["lines"] = JsonList.Of(
                JsonList.Of("delete", new JArray(lines.Cast<object>().ToArray())),
                JsonList.Of("create", JsonList.Of(TotalLine(reference, fields))));
            WriteValues(ModelName, existing.Value, values, cancellationToken);
            return WriteOutcome.Done(operation, WriteResultKind.Updated, Id(existing.Value));
        }

        private int? FindSale(string? nativeId, string reference, CancellationToken cancellationToken)
        {
            var domain = nativeId != null && int.TryParse(nativeId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? Domain(Condition("id", "=", id))
                : Domain(Condition("reference", "=", reference));
            return Search(ModelName, domain, cancellationToken).Cast<int?>().FirstOrDefault();
        }

        private int CreateSale(string reference, RecordFields fields, CancellationToken cancellationToken)
        {
            var values = SaleValues(reference, fields, cancellationToken);
            values["lines"] = JsonList.Of(JsonList.Of("create", JsonList.Of(TotalLine(reference, fields))));
            return Create(ModelName, values, cancellationToken);
        }

        private JObject SaleValues(string reference, RecordFields fields, CancellationToken cancellationToken)
        {
            var party = PartyFor(fields.Get("CustomerEmail") as string, reference, cancellationToken);
            var address = Search("party.address", Domain(Condition("party", "=", party)), cancellationToken).FirstOrDefault();
            var values = new JObject
            {
                ["reference"] = reference,
                ["party"] = party,
                ["invoice_address"] = address,
                ["shipment_address"] = address,
                ["company"] = Endpoint.Tryton.Company,
                ["warehouse"] = Warehouse(cancellationToken),
                // The default invoice method needs a chart of accounts, which a plain sales setup lacks.
                ["invoice_method"] = "manual",
                ["description"] = fields.Get("Status") as string,
            };
            if (fields.Get("OrderDate") is DateTimeOffset date)
            {
                values["sale_date"] = TrytonValues.FromDate(date);
            }

            if (fields.Get("Currency") is string currency && currency.Length > 0)
            {
                values["currency"] = CurrencyId(currency, cancellationToken);
            }

            return values;
        }

        private static JObject TotalLine(string reference, RecordFields fields) => new JObject
        {
            ["type"] = "line",
            ["description"] = "Order " + reference,
            ["quantity"] = 1,
            ["unit_price"] = TrytonValues.FromDecimal(DecimalOf(fields.Get("Total")) ?? 0m),
        };

        private int PartyFor(string? email, string reference, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(email))
            {
                throw new ErpSyncException(ErrorIds.FieldMissing, $"The order '{reference}' has no CustomerEmail, so Tryton cannot tell whose sale it is.", kind: ErrorKind.InvalidData);
            }

            var found = Search("party.party", Domain(Condition("contact_mechanisms.value", "=", email), Condition("contact_mechanisms.type", "=", "email")), cancellationToken);
            if (found.Count > 0)
            {
                return found[0];
            }

            return Create("party.party", new JObject
            {
                ["name"] = email,
                ["contact_mechanisms"] = JsonList.Of(JsonList.Of("create", JsonList.Of(new JObject { ["type"] = "email", ["value"] = email }))),
                ["addresses"] = JsonList.Of(JsonList.Of("create", JsonList.Of(new JObject()))),
            }, cancellationToken);
        }

        private int CurrencyId(string code, CancellationToken cancellationToken)
        {
            foreach (var pair in CurrencyCodes(cancellationToken))
            {
                if (string.Equals(pair.Value, code, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Key;
                }
            }

            throw new ErpSyncException(ErrorIds.TrytonRecordNotFound, $"Tryton has no currency '{code}'. Create it in Tryton first.", kind: ErrorKind.ObjectNotFound);
        }

        private string? CurrencyCode(int? id, CancellationToken cancellationToken) =>
            id != null && CurrencyCodes(cancellationToken).TryGetValue(id.Value, out var code) ? code : null;

        private Dictionary<int, string> CurrencyCodes(CancellationToken cancellationToken) =>
            currencyCodes ??= SearchRead("currency.currency", Domain(), new[] { "id", "code" }, cancellationToken)
                .ToDictionary(c => (int)c["id"]!, c => (string)c["code"]!);

        private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
