using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints.Http;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Tryton
{
    /// <summary>How one entity maps onto Tryton models: what to read, and the calls that write one record.</summary>
    internal abstract class TrytonEntity
    {
        private int? warehouse;
        private int? storage;

        protected TrytonEntity(TrytonEndpoint endpoint)
        {
            Endpoint = endpoint;
        }

        public abstract string ModelName { get; }

        public abstract EndpointCapabilities Capabilities { get; }

        protected TrytonEndpoint Endpoint { get; }

        protected TrytonClient Client => Endpoint.Client;

        public static TrytonEntity For(TrytonEndpoint endpoint)
        {
            switch (endpoint.Schema.Name.ToLowerInvariant())
            {
                case "product":
                    return new TrytonProducts(endpoint);
                case "inventorylevel":
                    return new TrytonInventory(endpoint);
                case "customer":
                    return new TrytonCustomers(endpoint);
                case "order":
                    return new TrytonOrders(endpoint);
                default:
                    throw new ErpSyncException(ErrorIds.EntityNotSupported, $"A Tryton endpoint reads and writes Product, InventoryLevel, Customer or Order, not '{endpoint.Schema.Name}'.", kind: ErrorKind.InvalidArgument);
            }
        }

        public abstract IEnumerable<RemoteRow> Read(DateTimeOffset? since, CancellationToken cancellationToken);

        public abstract WriteOutcome Write(WriteOperation operation, CancellationToken cancellationToken);

        /// <summary>Reads every record of a model that matches the domain, one page per call, in id order.</summary>
        protected IEnumerable<JObject> SearchRead(string model, JArray domain, string[] fields, CancellationToken cancellationToken, JObject? context = null)
        {
            var pageSize = Endpoint.Tryton.PageSize;
            for (var offset = 0; ; offset += pageSize)
            {
                var page = (JArray)Client.CallModel(
                    model,
                    "search_read",
                    JsonList.Of(domain, offset, pageSize, JsonList.Of(JsonList.Of("id", "ASC")), new JArray(fields.Cast<object>().ToArray())),
                    safeToRepeat: true,
                    cancellationToken,
                    context);
                foreach (var row in page)
                {
                    yield return (JObject)row;
                }

                if (page.Count < pageSize)
                {
                    yield break;
                }
            }
        }

        /// <summary>Returns the ids of the records of a model that match the domain.</summary>
        protected List<int> Search(string model, JArray domain, CancellationToken cancellationToken) =>
            ((JArray)Client.CallModel(model, "search", JsonList.Of(domain, 0, null, null), safeToRepeat: true, cancellationToken))
                .Select(id => (int)id).ToList();

        protected int Create(string model, JObject values, CancellationToken cancellationToken)
        {
            var ids = (JArray)Client.CallModel(model, "create", JsonList.Of(JsonList.Of(values)), safeToRepeat: false, cancellationToken);
            return (int)ids[0];
        }

        protected void WriteValues(string model, int id, JObject values, CancellationToken cancellationToken) =>
            Client.CallModel(model, "write", JsonList.Of(JsonList.Of(id), values), safeToRepeat: true, cancellationToken);

        /// <summary>
        /// Creates a record through <paramref name="create"/>. When the outcome of the call is unknown
        /// (a timeout, a dropped connection), <paramref name="find"/> checks by key whether the record
        /// arrived before it is created again, so a retry never makes a duplicate.
        /// </summary>
        protected static int CreateOnce(Func<int> create, Func<int?> find)
        {
            try
            {
                return create();
            }
            catch (HttpOutcomeUnknownException)
            {
                return find() ?? create();
            }
        }

        /// <summary>The warehouse whose stock quantities are read; Tryton's default data has one.</summary>
        protected int Warehouse(CancellationToken cancellationToken)
        {
            LoadLocations(cancellationToken);
            return warehouse!.Value;
        }

        /// <summary>The storage location of the warehouse, where inventories set stock.</summary>
        protected int Storage(CancellationToken cancellationToken)
        {
            LoadLocations(cancellationToken);
            return storage!.Value;
        }

        protected static JArray Domain(params JArray[] conditions) => JsonList.Of(conditions.Cast<object>().ToArray());

        protected static JArray Condition(string field, string op, object? value) => JsonList.Of(field, op, value);

        protected static decimal? DecimalOf(object? value) => value == null ? (decimal?)null : Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);

        protected static string? TextOf(JToken? token) => token == null || token.Type == JTokenType.Null || (token.Type == JTokenType.Boolean && !(bool)token) ? null : (string?)token;

        private void LoadLocations(CancellationToken cancellationToken)
        {
            if (warehouse != null)
            {
                return;
            }

            var found = SearchRead("stock.location", Domain(Condition("type", "=", "warehouse")), new[] { "id", "storage_location" }, cancellationToken).FirstOrDefault();
            if (found == null)
            {
                throw new ErpSyncException(ErrorIds.TrytonRecordNotFound, $"The Tryton database {Endpoint.Tryton.Database} has no warehouse location. Activate the stock module and create a warehouse.", kind: ErrorKind.ObjectNotFound);
            }

            warehouse = (int)found["id"]!;
            storage = (int)found["storage_location"]!;
        }
    }
}
