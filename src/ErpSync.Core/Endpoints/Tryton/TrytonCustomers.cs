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
    /// Customers as parties keyed by their e-mail contact mechanism. Phone is the phone contact
    /// mechanism; Company, Street, City, PostalCode and Country come from the first address, with
    /// Company as the address's party name. Parties without an e-mail address are not customers and are skipped.
    /// </summary>
    internal sealed class TrytonCustomers : TrytonEntity
    {
        private Dictionary<int, string>? countryNames;

        public TrytonCustomers(TrytonEndpoint endpoint)
            : base(endpoint)
        {
        }

        public override string ModelName => "party.party";

        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read | EndpointCapabilities.ReadChangedSince | EndpointCapabilities.Write | EndpointCapabilities.NativeIds;

        public override IEnumerable<RemoteRow> Read(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var domain = since == null ? Domain() : ChangedParties(since.Value, cancellationToken);
            var page = new List<JObject>();
            foreach (var party in SearchRead(ModelName, domain, new[] { "id", "name", "write_date", "create_date" }, cancellationToken))
            {
                page.Add(party);
                if (page.Count == Endpoint.Tryton.PageSize)
                {
                    foreach (var row in ReadPage(page, cancellationToken))
                    {
                        yield return row;
                    }

                    page.Clear();
                }
            }

            foreach (var row in ReadPage(page, cancellationToken))
            {
                yield return row;
            }
        }

        public override WriteOutcome Write(WriteOperation operation, CancellationToken cancellationToken)
        {
            var email = (operation.ExistingKey ?? operation.Key).RawParts[0] ?? string.Empty;
            var existing = FindParty(operation.NativeId, email, cancellationToken);
            if (operation.Kind == WriteKind.Delete)
            {
                if (existing == null)
                {
                    return WriteOutcome.Done(operation, WriteResultKind.NotFound);
                }

                // Parties with sales cannot be deleted, so Tryton's way is to archive them.
                WriteValues(ModelName, existing.Value, new JObject { ["active"] = false }, cancellationToken);
                return WriteOutcome.Done(operation, WriteResultKind.Deleted, Id(existing.Value));
            }

            var fields = operation.Record!.Fields;
            if (existing == null)
            {
                if (operation.Kind == WriteKind.Update)
                {
                    throw new ErpSyncException(ErrorIds.TrytonRecordNotFound, $"Tryton has no party with the e-mail address '{email}', so it was not updated.", kind: ErrorKind.ObjectNotFound);
                }

                var created = CreateOnce(() => CreateParty(email, fields, cancellationToken), () => FindParty(null, email, cancellationToken));
                return WriteOutcome.Done(operation, WriteResultKind.Created, Id(created));
            }

            if (operation.Kind == WriteKind.Insert)
            {
                throw new ErpSyncException(ErrorIds.KeyExists, $"Tryton already has a party with the e-mail address '{email}' (id {existing}).", kind: ErrorKind.WriteError);
            }

            UpdateParty(existing.Value, fields, cancellationToken);
            return WriteOutcome.Done(operation, WriteResultKind.Updated, Id(existing.Value));
        }

        private IEnumerable<RemoteRow> ReadPage(List<JObject> parties, CancellationToken cancellationToken)
        {
            if (parties.Count == 0)
            {
                yield break;
            }

            var ids = new JArray(parties.Select(p => (object)(int)p["id"]!).ToArray());
            var mechanisms = SearchRead("party.contact_mechanism", Domain(Condition("party", "in", ids)), new[] { "party", "type", "value" }, cancellationToken)
                .ToLookup(m => (int)m["party"]!);
            var addresses = SearchRead("party.address", Domain(Condition("party", "in", ids)), new[] { "party", "party_name", "street", "city", "postal_code", "country" }, cancellationToken)
                .ToLookup(a => (int)a["party"]!);

            foreach (var party in parties)
            {
                var id = (int)party["id"]!;
                var email = mechanisms[id].FirstOrDefault(m => (string?)m["type"] == "email");
                if (email == null)
                {
                    continue;
                }

                var phone = mechanisms[id].FirstOrDefault(m => (string?)m["type"] == "phone");
                var address = addresses[id].FirstOrDefault();
                yield return new RemoteRow(Id(id), TrytonValues.ModifiedAt(party))
                    .Add("Email", TextOf(email["value"]))
                    .Add("Name", TextOf(party["name"]))
                    .Add("Company", TextOf(address?["party_name"]))
                    .Add("Phone", TextOf(phone?["value"]))
                    .Add("Street", TextOf(address?["street"]))
                    .Add("City", TextOf(address?["city"]))
                    .Add("PostalCode", TextOf(address?["postal_code"]))
                    .Add("Country", CountryName(address?["country"], cancellationToken));
            }
        }

        /// <summary>The filter of parties changed since a time, including those whose addresses or contact mechanisms changed.</summary>
        private JArray ChangedParties(DateTimeOffset since, CancellationToken cancellationToken)
        {
            var changed = SearchRead("party.contact_mechanism", TrytonValues.ChangedSince(since), new[] { "party" }, cancellationToken)
                .Concat(SearchRead("party.address", TrytonValues.ChangedSince(since), new[] { "party" }, cancellationToken))
                .Select(row => (object)(int)row["party"]!)
                .Distinct()
                .ToArray();
            return JsonList.Of("OR", TrytonValues.ChangedSince(since), Domain(Condition("id", "in", new JArray(changed))));
        }

        private int? FindParty(string? nativeId, string email, CancellationToken cancellationToken)
        {
            if (nativeId != null && int.TryParse(nativeId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return Search(ModelName, Domain(Condition("id", "=", id)), cancellationToken).Cast<int?>().FirstOrDefault();
            }

            return Search(ModelName, Domain(Condition("contact_mechanisms.value", "=", email), Condition("contact_mechanisms.type", "=", "email")), cancellationToken)
                .Cast<int?>()
                .FirstOrDefault();
        }

        private int CreateParty(string email, RecordFields fields, CancellationToken cancellationToken)
        {
            var mechanisms = JsonList.Of(new JObject { ["type"] = "email", ["value"] = email });
            if (fields.Get("Phone") is string phone && phone.Length > 0)
            {
                mechanisms.Add(new JObject { ["type"] = "phone", ["value"] = phone });
            }

            var party = new JObject
            {
                ["name"] = fields.Get("Name") as string ?? email,
                ["contact_mechanisms"] = JsonList.Of(JsonList.Of("create", mechanisms)),
                ["addresses"] = JsonList.Of(JsonList.Of("create", JsonList.Of(AddressValues(fields, cancellationToken)))),
            };
            return Create(ModelName, party, cancellationToken);
        }

        private void UpdateParty(int partyId, RecordFields fields, CancellationToken cancellationToken)
        {
            if (fields.Get("Name") is string name)
            {
                WriteValues(ModelName, partyId, new JObject { ["name"] = name }, cancellationToken);
            }

            if (fields.Contains("Phone"))
            {
                var phone = fields.Get("Phone") as string;
                var existing = Search("party.contact_mechanism", Domain(Condition("party", "=", partyId), Condition("type", "=", "phone")), cancellationToken);
                if (existing.Count > 0 && !string.IsNullOrEmpty(phone))
                {
                    WriteValues("party.contact_mechanism", existing[0], new JObject { ["value"] = phone }, cancellationToken);
                }
                else if (existing.Count > 0)
                {
                    Client.CallModel("party.contact_mechanism", "delete", JsonList.Of(JsonList.Of(existing[0])), safeToRepeat: true, cancellationToken);
                }
                else if (!string.IsNullOrEmpty(phone))
                {
                    Create("party.contact_mechanism", new JObject { ["party"] = partyId, ["type"] = "phone", ["value"] = phone }, cancellationToken);
                }
            }

            var address = AddressValues(fields, cancellationToken);
            if (address.Count == 0)
            {
                return;
            }

            var addresses = Search("party.address", Domain(Condition("party", "=", partyId)), cancellationToken);
            if (addresses.Count > 0)
            {
                WriteValues("party.address", addresses[0], address, cancellationToken);
            }
            else
            {
                address["party"] = partyId;
                Create("party.address", address, cancellationToken);
            }
        }

        private JObject AddressValues(RecordFields fields, CancellationToken cancellationToken)
        {
            var address = new JObject();
            Copy(fields, "Company", address, "party_name");
            Copy(fields, "Street", address, "street");
            Copy(fields, "City", address, "city");
            Copy(fields, "PostalCode", address, "postal_code");
            if (fields.Contains("Country"))
            {
                var country = fields.Get("Country") as string;
                address["country"] = string.IsNullOrEmpty(country) ? null : (JToken)CountryId(country!, cancellationToken);
            }

            return address;
        }

        private static void Copy(RecordFields fields, string field, JObject values, string column)
        {
            if (fields.Contains(field))
            {
                values[column] = fields.Get(field) as string;
            }
        }

        /// <summary>Returns the id of the country with this name or two-letter code, creating it when the database has none.</summary>
        private int CountryId(string country, CancellationToken cancellationToken)
        {
            var names = CountryNames(cancellationToken);
            foreach (var pair in names)
            {
                if (string.Equals(pair.Value, country, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Key;
                }
            }

            // A fresh Tryton database has no countries until trytond_import_countries runs.
            var id = Create("country.country", new JObject { ["name"] = country }, cancellationToken);
            names[id] = country;
            return id;
        }

        private string? CountryName(JToken? country, CancellationToken cancellationToken)
        {
            if (country == null || country.Type != JTokenType.Integer)
            {
                return null;
            }

            return CountryNames(cancellationToken).TryGetValue((int)country, out var name) ? name : null;
        }

        private Dictionary<int, string> CountryNames(CancellationToken cancellationToken) =>
            countryNames ??= SearchRead("country.country", Domain(), new[] { "id", "name" }, cancellationToken)
                .ToDictionary(c => (int)c["id"]!, c => (string)c["name"]!);

        private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
