using System.IO;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Json;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Hardening
{
    public sealed class DuplicateFieldTests
    {
        [Fact]
        public void Json_key_given_twice_in_different_case_is_rejected()
        {
            using var folder = new TempFolder();
            var path = folder.File("products.json");
            File.WriteAllText(path, "[{\"Sku\":\"A1\",\"sku\":\"A2\",\"Price\":1},{\"Sku\":\"B1\",\"Price\":2}]");
            var endpoint = new JsonEndpoint(new EndpointOptions("shop", BuiltInSchemas.Product), new JsonEndpointOptions(path));

            var items = endpoint.Read().ToList();

            var error = Assert.Single(items, i => i.IsError).Error!;
            Assert.Equal(ErrorIds.FieldDuplicate, error.ErrorId);
            Assert.Equal("Sku", error.Field);
            Assert.Contains("'sku'", error.Message);
            Assert.Equal("B1", Assert.Single(items, i => !i.IsError).Record!.Key.ToString());
        }
    }
}
