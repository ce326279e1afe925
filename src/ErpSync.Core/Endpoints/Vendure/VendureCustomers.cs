using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints.Http;
using ErpSync.Core.Records;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Vendure
{
    /// <summary>
    /// Customers keyed by e-mail address. Name is first and last name joined by a space (written back
    /// split at the first space); Company, Street, City, PostalCode and Country come from the first
    /// address, with Country as the country's name.
    /// </summary>
    internal sealed class VendureCustomers : VendureEntity
    {
        private const string Selection =
            "id emailAddress firstName lastName phoneNumber createdAt updatedAt addresses { id company streetLine1 city postalCode country { code name } }";

        private const string CreateMutation =
            "mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename ... on Customer { id } ... on ErrorResult { errorCode message } } }";

        private const string UpdateMutation =
            "mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { __typename ... on Customer { id } ... on ErrorResult { errorCode message } } }";

        private const string CreateAddressMutation =
            "mutation($id: ID!, $input: CreateAddressInput!) { createCustomerAddress(customerId: $id, input: $input) { id } }";

        private const string UpdateAddressMutation =
            "mutation($input: UpdateAddressInput!) { updateCustomerAddress(input: $input) { id } }";

        private const string DeleteMutation =
            "mutation($id: ID!) { deleteCustomer(id: $id) { result message } }";

        private const string CountriesQuery =
            "query { countries(options: { take: 1000 }) { items { code name } } }";

        private Dictionary<string, string>? countryCodes;

        public VendureCustomers(VendureEndpoint endpoint)
            : base(endpoint)
        {
        }

        public override string ListName => "customers";

        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read | EndpointCapabilities.ReadChangedSince | EndpointCapabilities.Write | EndpointCapabilities.NativeIds;

        public override IEnumerable<RemoteRow> Read(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            var filter = since == null ? null : ChangedSince("updatedAt", since.Value);
            foreach (var customer in List("CustomerListOptions", Selection, filter, cancellationToken))
            {
                var address = (customer["addresses"] as JArray)?.FirstOrDefault() as JObject;
                var name = string.Join(" ", new[] { TextOf(customer["firstName"]), TextOf(customer["lastName"]) }.Where(part => !string.IsNullOrEmpty(part)));
                yield return new RemoteRow((string)customer["id"]!, DateOf(customer["updatedAt"]))
                    .Add("Email", TextOf(customer["emailAddress"]))
                    .Add("Name", name.Length == 0 ? null : name)
                    .Add("Company", EmptyAsNull(address?["company"]))
                    .Add("Phone", EmptyAsNull(customer["phoneNumber"]))
                    .Add("Street", EmptyAsNull(address?["streetLine1"]))
                    .Add("City", EmptyAsNull(address?["city"]))
                    .Add("PostalCode", EmptyAsNull(address?["postalCode"]))
                    .Add("Country", TextOf(address?["country"]?["name"]));
            }
        }

        public override WriteOutcome Write(WriteOperation operation, CancellationToken cancellationToken)
        {
            var email = (operation.ExistingKey ?? operation.Key).RawParts[0] ?? string.Empty;
            var existing = Find(email, cancellationToken);
            if (operation.Kind == WriteKind.Delete)
            {
                if (existing == null)
                {
                    return WriteOutcome.Done(operation, WriteResultKind.NotFound);
                }

                Mutate("deleteCustomer", DeleteMutation, new JObject { ["id"] = existing["id"] }, safeToRepeat: true, cancellationToken);
                return WriteOutcome.Done(operation, WriteResultKind.Deleted, (string)existing["id"]!);
            }

            var fields = operation.Record!.Fields;
            if (existing == null)
            {
                if (operation.Kind == WriteKind.Update)
                {
                    throw new ErpSyncException(ErrorIds.VendureRecordNotFound, $"Vendure has no customer with the e-mail address '{email}', so it was not updated.", kind: ErrorKind.ObjectNotFound);
                }

                var newAddress = AddressValues(email, fields, hasAddress: false, cancellationToken);
                var id = CreateCustomer(email, fields, cancellationToken);
                WriteAddress(id, null, newAddress, cancellationToken);
                return WriteOutcome.Done(operation, WriteResultKind.Created, id);
            }

            if (operation.Kind == WriteKind.Insert)
            {
                throw new ErpSyncException(ErrorIds.KeyExists, $"Vendure already has a customer with the e-mail address '{email}' (id {existing["id"]}).", kind: ErrorKind.WriteError);
            }

            var customerId = (string)existing["id"]!;
            var input = CustomerValues(fields);
            if (input.Count > 0)
            {
                input["id"] = customerId;
                Mutate("updateCustomer", UpdateMutation, new JObject { ["input"] = input }, safeToRepeat: true, cancellationToken);
            }

            var address = (existing["addresses"] as JArray)?.FirstOrDefault() as JObject;
            var addressValues = AddressValues(email, fields, hasAddress: address != null, cancellationToken);
            WriteAddress(customerId, (string?)address?["id"], addressValues, cancellationToken);
            return WriteOutcome.Done(operation, WriteResultKind.Updated, customerId);
        }

        private JObject? Find(string email, CancellationToken cancellationToken) =>
            List("CustomerListOptions", Selection, Filter("emailAddress", "eq", email), cancellationToken).FirstOrDefault();

        private string CreateCustomer(string email, RecordFields fields, CancellationToken cancellationToken)
        {
            var input = CustomerValues(fields);
            input["emailAddress"] = email;
            if (input["lastName"] == null)
            {
                input["firstName"] = string.Empty;
                input["lastName"] = email;
            }

            var variables = new JObject { ["input"] = input };
            try
            {
                return (string)Mutate("createCustomer", CreateMutation, variables, safeToRepeat: false, cancellationToken)["id"]!;
            }
            catch (HttpOutcomeUnknownException)
            {
                var found = Find(email, cancellationToken);
                return found != null ? (string)found["id"]! : (string)Mutate("createCustomer", CreateMutation, variables, safeToRepeat: false, cancellationToken)["id"]!;
            }
        }

        private static JObject CustomerValues(RecordFields fields)
        {
            var input = new JObject();
            if (fields.Get("Name") is string name && name.Trim().Length > 0)
            {
                var trimmed = name.Trim();
                var space = trimmed.IndexOf(' ');
                input["firstName"] = space < 0 ? string.Empty : trimmed.Substring(0, space);
                input["lastName"] = space < 0 ? trimmed : trimmed.Substring(space + 1);
            }

            if (fields.Contains("Phone"))
            {
                input["phoneNumber"] = fields.Get("Phone") as string ?? string.Empty;
            }

            return input;
        }

        /// <summary>
        /// Returns the address values of a record, or null when it has no address to write. A new
        /// address needs a country, so a record with address fields but no country is rejected
        /// before anything is written.
        /// </summary>
        private JObject? AddressValues(string email, RecordFields fields, bool hasAddress, CancellationToken cancellationToken)
        {
            var input = new JObject();
            CopyText(fields, "Company", input, "company");
            CopyText(fields, "Street", input, "streetLine1");
            CopyText(fields, "City", input, "city");
            CopyText(fields, "PostalCode", input, "postalCode");
            if (fields.Get("Country") is string country && country.Length > 0)
            {
                input["countryCode"] = CountryCode(country, cancellationToken);
            }

            if (hasAddress)
            {
                return input.Count == 0 ? null : input;
            }

            var hasValue = input.Properties().Any(p => ((string?)p.Value)?.Length > 0);
            if (!hasValue)
            {
                return null;
            }

            if (input["countryCode"] == null)
            {
                throw new ErpSyncException(ErrorIds.FieldMissing, $"Vendure needs a Country for the address of the customer '{email}'; nothing was written. Add the country to the record.", kind: ErrorKind.InvalidData);
            }

            if (input["streetLine1"] == null)
            {
                input["streetLine1"] = string.Empty;
            }

            return input;
        }

        /// <summary>Creates or updates the customer's first address.</summary>
        private void WriteAddress(string customerId, string? addressId, JObject? input, CancellationToken cancellationToken)
        {
            if (input == null)
            {
                return;
            }

            if (addressId != null)
            {
                input["id"] = addressId;
                Mutate("updateCustomerAddress", UpdateAddressMutation, new JObject { ["input"] = input }, safeToRepeat: true, cancellationToken);
                return;
            }

            Mutate("createCustomerAddress", CreateAddressMutation, new JObject { ["id"] = customerId, ["input"] = input }, safeToRepeat: false, cancellationToken);
        }

        private static void CopyText(RecordFields fields, string field, JObject input, string name)
        {
            if (fields.Contains(field))
            {
                input[name] = fields.Get(field) as string ?? string.Empty;
            }
        }

        private string CountryCode(string country, CancellationToken cancellationToken)
        {
            if (countryCodes == null)
            {
                countryCodes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var item in (JArray)Client.Execute(CountriesQuery, null, safeToRepeat: true, cancellationToken)["countries"]!["items"]!)
                {
                    countryCodes[(string)item["name"]!] = (string)item["code"]!;
                    countryCodes[(string)item["code"]!] = (string)item["code"]!;
                }
            }

            if (countryCodes.TryGetValue(country, out var code))
            {
                return code;
            }

            throw new ErpSyncException(ErrorIds.VendureRecordNotFound, $"Vendure has no country named '{country}'. Add it under Settings > Countries, or use one of: {string.Join(", ", countryCodes.Keys.Take(20))}.", kind: ErrorKind.ObjectNotFound);
        }

        private static string? EmptyAsNull(JToken? token)
        {
            var text = TextOf(token);
            return string.IsNullOrEmpty(text) ? null : text;
        }
    }
}
