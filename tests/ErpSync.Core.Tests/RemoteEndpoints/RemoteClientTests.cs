using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Http;
using ErpSync.Core.Endpoints.Tryton;
using ErpSync.Core.Endpoints.Vendure;
using ErpSync.Core.Records;
using Newtonsoft.Json.Linq;
using Xunit;

namespace ErpSync.Core.Tests.RemoteEndpoints
{
    public sealed class RemoteClientTests
    {
        private const string Password = "Secret-Pa55";

        [Fact]
        public void Tryton_expired_session_logs_in_again_once()
        {
            var logins = 0;
            var calls = 0;
            var handler = new FakeHttpHandler((_, body) =>
            {
                if ((string?)JObject.Parse(body)["method"] == "common.db.login")
                {
                    logins++;
                    return FakeHttpHandler.Json($"{{\"id\": 1, \"result\": [7, \"session{logins}\"]}}");
                }

                calls++;
                return calls == 1
                    ? FakeHttpHandler.Json("{}", HttpStatusCode.Unauthorized)
                    : FakeHttpHandler.Json("{\"id\": 2, \"result\": [1, 2]}");
            });
            using var client = new TrytonClient(TrytonOptions(), handler);

            var result = client.CallModel("product.product", "search", new JArray(new JArray(), 0, null, null), safeToRepeat: true, CancellationToken.None);

            Assert.Equal(new[] { 1, 2 }, result.Select(id => (int)id));
            Assert.Equal(2, logins);
            Assert.Equal("Session " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:7:session2")), handler.Authorizations.Last());
        }

        [Fact]
        public void Tryton_login_failure_omits_password()
        {
            var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Json("{}", HttpStatusCode.Unauthorized));
            using var client = new TrytonClient(TrytonOptions(), handler);

            var error = Assert.Throws<ErpSyncException>(() => client.Call("common.db.list", new JArray(), safeToRepeat: true, CancellationToken.None));

            Assert.Equal(ErrorIds.RemoteLoginFailed, error.ErrorId);
            Assert.Equal(ErrorKind.AuthenticationError, error.Kind);
            Assert.DoesNotContain(Password, error.Message);
        }

        [Fact]
        public void Vendure_forbidden_answer_logs_in_again_once()
        {
            var logins = 0;
            var queries = 0;
            var handler = new FakeHttpHandler((_, body) =>
            {
                if (body.Contains("authenticate"))
                {
                    logins++;
                    var login = FakeHttpHandler.Json("{\"data\": {\"authenticate\": {\"__typename\": \"CurrentUser\"}}}");
                    login.Headers.Add("vendure-auth-token", "token" + logins);
                    return login;
                }

                queries++;
                return queries == 1
                    ? FakeHttpHandler.Json("{\"errors\": [{\"message\": \"not authorized\", \"extensions\": {\"code\": \"FORBIDDEN\"}}]}")
                    : FakeHttpHandler.Json("{\"data\": {\"product\": null}}");
            });
            using var client = new VendureClient(VendureOptions(), handler);

            var data = client.Execute("query { product(id: 1) { id } }", null, safeToRepeat: true, CancellationToken.None);

            Assert.True(data.ContainsKey("product"));
            Assert.Equal(2, logins);
            Assert.Equal("Bearer token2", handler.Authorizations.Last());
        }

        [Fact]
        public void Vendure_insert_of_existing_sku_is_rejected()
        {
            var handler = VendureShop(existingSku: true, createFails: false);
            using var endpoint = new VendureEndpoint(new EndpointOptions("shop", BuiltInSchemas.Product), VendureOptions(), new VendureClient(VendureOptions(), handler));

            var outcome = Write(endpoint, WriteOperation.Insert(Product("NW-001", 18.00m)));

            Assert.Equal(ErrorIds.VendureSkuExists, outcome.Error!.ErrorId);
            Assert.DoesNotContain(handler.Bodies, body => body.Contains("createProduct"));
        }

        [Fact]
        public void Vendure_create_with_unknown_outcome_is_checked_by_sku()
        {
            var handler = VendureShop(existingSku: false, createFails: true);
            using var endpoint = new VendureEndpoint(new EndpointOptions("shop", BuiltInSchemas.Product), VendureOptions(), new VendureClient(VendureOptions(), handler));

            var outcome = Write(endpoint, WriteOperation.Upsert(Product("NW-001", 18.00m)));

            Assert.Equal(WriteResultKind.Created, outcome.Result);
            Assert.Equal("42", outcome.NativeId);
            Assert.Single(handler.Bodies, body => body.Contains("createProductVariants"));
        }

        [Fact]
        public void Vendure_price_is_sent_in_minor_units()
        {
            var handler = VendureShop(existingSku: false, createFails: false);
            using var endpoint = new VendureEndpoint(new EndpointOptions("shop", BuiltInSchemas.Product), VendureOptions(), new VendureClient(VendureOptions(), handler));

            Write(endpoint, WriteOperation.Upsert(Product("NW-002", 19.05m)));

            var create = JObject.Parse(handler.Bodies.Single(body => body.Contains("createProductVariants")));
            Assert.Equal(1905L, (long)create["variables"]!["input"]![0]!["price"]!);
        }

        [Fact]
        public void Endpoint_description_omits_password()
        {
            using var tryton = new TrytonEndpoint(new EndpointOptions("erp", BuiltInSchemas.Product), TrytonOptions());
            using var vendure = new VendureEndpoint(new EndpointOptions("shop", BuiltInSchemas.Product), VendureOptions());

            Assert.DoesNotContain(Password, tryton.Describe());
            Assert.DoesNotContain(Password, vendure.Describe());
        }

        // A Vendure Admin API that contains one variant (id 42, SKU NW-001) when existingSku is set, or
        // that commits createProductVariants and then replaces the response with a 502 when createFails is set.
        private static FakeHttpHandler VendureShop(bool existingSku, bool createFails)
        {
            var created = false;
            return new FakeHttpHandler((_, body) =>
            {
                if (body.Contains("authenticate"))
                {
                    var login = FakeHttpHandler.Json("{\"data\": {\"authenticate\": {\"__typename\": \"CurrentUser\"}}}");
                    login.Headers.Add("vendure-auth-token", "token");
                    return login;
                }

                if (body.Contains("createProductVariants"))
                {
                    created = true;
                    return createFails
                        ? FakeHttpHandler.Json("{}", HttpStatusCode.BadGateway)
                        : FakeHttpHandler.Json("{\"data\": {\"createProductVariants\": [{\"id\": \"43\"}]}}");
                }

                if (body.Contains("createProduct"))
                {
                    return FakeHttpHandler.Json("{\"data\": {\"createProduct\": {\"id\": \"9\"}}}");
                }

                var variant = "{\"id\": \"42\", \"sku\": \"NW-001\", \"name\": \"Chai\", \"price\": 1800, \"stockOnHand\": 1, \"productId\": \"9\", \"createdAt\": \"2026-11-02T09:00:00.000Z\", \"updatedAt\": \"2026-11-02T09:00:00.000Z\"}";
                var items = existingSku || created ? variant : string.Empty;
                var total = items.Length == 0 ? 0 : 1;
                return FakeHttpHandler.Json($"{{\"data\": {{\"productVariants\": {{\"items\": [{items}], \"totalItems\": {total}}}}}}}");
            });
        }

        private static WriteOutcome Write(Endpoint endpoint, WriteOperation operation)
        {
            using var writer = endpoint.OpenWriter();
            return writer.WriteBatch(new[] { operation }, CancellationToken.None).Single();
        }

        private static ErpRecord Product(string sku, decimal price)
        {
            var fields = new RecordFields();
            fields.Set("Sku", sku);
            fields.Set("Name", "Chai");
            fields.Set("Price", price);
            return new ErpRecord("Product", new RecordKey(new[] { sku }, KeyNormalization.Default), fields);
        }

        private static TrytonEndpointOptions TrytonOptions() =>
            new TrytonEndpointOptions(new Uri("http://127.0.0.1:9/"), "erp", new NetworkCredential("admin", Password)) { Retry = NoWait() };

        private static VendureEndpointOptions VendureOptions() =>
            new VendureEndpointOptions(new Uri("http://127.0.0.1:9/admin-api"), new NetworkCredential("superadmin", Password)) { Retry = NoWait() };

        private static HttpRetryPolicy NoWait() => new HttpRetryPolicy { MaxRetries = 0 };
    }
}
