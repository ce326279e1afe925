using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using ErpSync.Core.Endpoints.Http;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Vendure
{
    /// <summary>How one entity maps onto Vendure's Admin API: the list query to read, and the mutations that write one record.</summary>
    internal abstract class VendureEntity
    {
        protected VendureEntity(VendureEndpoint endpoint)
        {
            Endpoint = endpoint;
        }

        /// <summary>The Admin API list query, such as productVariants.</summary>
        public abstract string ListName { get; }

        public abstract EndpointCapabilities Capabilities { get; }

        protected VendureEndpoint Endpoint { get; }

        protected VendureClient Client => Endpoint.Client;

        protected int Digits => Endpoint.Vendure.MinorUnitDigits;

        public static VendureEntity For(VendureEndpoint endpoint)
        {
            switch (endpoint.Schema.Name.ToLowerInvariant())
            {
                case "product":
                    return new VendureProducts(endpoint, inventoryOnly: false);
                case "inventorylevel":
                    return new VendureProducts(endpoint, inventoryOnly: true);
                case "customer":
                    return new VendureCustomers(endpoint);
                case "order":
                    return new VendureOrders(endpoint);
                default:
                    throw new ErpSyncException(ErrorIds.EntityNotSupported, $"A Vendure endpoint reads and writes Product, InventoryLevel, Customer or Order, not '{endpoint.Schema.Name}'.", kind: ErrorKind.InvalidArgument);
            }
        }

        public abstract IEnumerable<RemoteRow> Read(DateTimeOffset? since, CancellationToken cancellationToken);

        public abstract WriteOutcome Write(WriteOperation operation, CancellationToken cancellationToken);

        /// <summary>Reads every item of a list query, one page per call, sorted by id so that pages do not shift.</summary>
        protected IEnumerable<JObject> List(string optionsType, string selection, JObject? filter, CancellationToken cancellationToken)
        {
            var pageSize = Endpoint.Vendure.PageSize;
            var document = $"query($options: {optionsType}) {{ {ListName}(options: $options) {{ items {{ {selection} }} totalItems }} }}";
            for (var skip = 0; ; skip += pageSize)
            {
                var options = new JObject { ["skip"] = skip, ["take"] = pageSize, ["sort"] = new JObject { ["id"] = "ASC" } };
                if (filter != null)
                {
                    options["filter"] = filter;
                }

                var page = Client.Execute(document, new JObject { ["options"] = options }, safeToRepeat: true, cancellationToken)[ListName]!;
                var items = (JArray)page["items"]!;
                foreach (var item in items)
                {
                    yield return (JObject)item;
                }

                if (items.Count < pageSize || skip + items.Count >= (int)page["totalItems"]!)
                {
                    yield break;
                }
            }
        }

        /// <summary>Runs a mutation and returns its result, raising the message of an ErrorResult member.</summary>
        protected JToken Mutate(string field, string document, JObject variables, bool safeToRepeat, CancellationToken cancellationToken)
        {
            var result = Client.Execute(document, variables, safeToRepeat, cancellationToken)[field] ?? JValue.CreateNull();
            foreach (var node in result is JArray array ? (IEnumerable<JToken>)array : new[] { result })
            {
                if (node is JObject item && item["errorCode"] != null)
                {
                    throw new ErpSyncException(ErrorIds.RemoteCallFailed, $"Vendure rejected {field}: {(string?)item["message"]} ({(string?)item["errorCode"]}).", kind: ErrorKind.WriteError);
                }
            }

            return result;
        }

        protected static JObject Filter(string field, string op, object value) =>
            new JObject { [field] = new JObject { [op] = JToken.FromObject(value) } };

        protected static JObject ChangedSince(string field, DateTimeOffset since) =>
            Filter(field, "after", since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

        protected static DateTimeOffset? DateOf(JToken? token) =>
            token == null || token.Type == JTokenType.Null ? (DateTimeOffset?)null : DateTimeOffset.Parse((string)token!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        protected static string? TextOf(JToken? token) => token == null || token.Type == JTokenType.Null ? null : (string?)token;
    }
}
