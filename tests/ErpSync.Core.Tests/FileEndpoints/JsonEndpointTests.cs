using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;
using Xunit;
using static ErpSync.Core.Tests.FileEndpoints.EndpointFactory;

namespace ErpSync.Core.Tests.FileEndpoints
{
    public sealed class JsonEndpointTests
    {
        private static readonly EntitySchema Customer = SchemaLoader.FromDictionary("Customer", new System.Collections.Hashtable
        {
            ["Key"] = "Email",
            ["Fields"] = new System.Collections.Hashtable { ["Email"] = "Text", ["City"] = "Text", ["Balance"] = "Decimal", ["Since"] = "DateTime" },
        });

        private static readonly Dictionary<string, string> CityMap = new Dictionary<string, string> { ["City"] = "$.address.city" };

        [Fact]
        public void Array_reads_paths_scalars_and_nested_text()
        {
            using var folder = new TempFolder();
            var path = folder.Write("c.json", "[\n  {\"email\": \"a@x.de\", \"address\": {\"city\": \"Berlin\", \"zip\": \"10115\"}, \"balance\": 1.50, \"tags\": [\"vip\", 2]},\n  {\"email\": \"b@x.de\", \"address\": null}\n]\n");

            var (records, errors) = ReadAll(Json(path, Customer, map: CityMap));

            Assert.Empty(errors);
            Assert.Equal(2, records.Count);
            Assert.Equal(new[] { "City", "Email", "Balance", "tags" }, records[0].Fields.Names);
            Assert.Equal("Berlin", records[0]["City"]);
            Assert.Equal("1.50", Invariant(records[0]["Balance"]));
            Assert.Equal("[\"vip\",2]", records[0]["tags"]);
            Assert.Equal(2L, records[0].Position);
            Assert.Null(records[1]["City"]);
            Assert.Equal(3L, records[1].Position);
        }

        [Fact]
        public void Unmapped_nested_object_becomes_json_text()
        {
            using var folder = new TempFolder();
            var path = folder.Write("c.json", "[{\"email\": \"a@x.de\", \"address\": {\"city\": \"Berlin\"}}]");

            var (records, _) = ReadAll(Json(path, Customer));

            Assert.Equal("{\"city\":\"Berlin\"}", records.Single()["address"]);
        }

        [Fact]
        public void Json_lines_invalid_line_is_error_with_line()
        {
            using var folder = new TempFolder();
            var path = folder.Write("c.jsonl", "{\"email\": \"a@x.de\"}\n\n{\"email\": \"b@x.de\",\n[1]\n{\"email\": \"c@x.de\"}\n");

            var (records, errors) = ReadAll(Json(path, Customer));

            Assert.Equal(new[] { "a@x.de", "c@x.de" }, records.Select(r => r["Email"]));
            Assert.Equal(new[] { 1L, 5L }, records.Select(r => r.Position!.Value));
            Assert.Equal(new[] { ErrorIds.JsonInvalid, ErrorIds.JsonInvalid }, errors.Select(e => e.ErrorId));
            Assert.Equal(new long?[] { 3, 4 }, errors.Select(e => e.Position));
            Assert.StartsWith("Line 3 is not valid JSON", errors[0].Message);
            Assert.StartsWith("Line 4 holds a JSON array, not an object", errors[1].Message);
        }

        [Fact]
        public void Invalid_array_is_terminating_with_file_and_line()
        {
            using var folder = new TempFolder();
            var path = folder.Write("c.json", "[\n{\"email\": \"a@x.de\"},\n{\"email\": \"b@x.de\" \"city\": 1}\n]");
            var read = new List<ErpRecord>();

            var error = Assert.Throws<ErpSyncException>(() =>
            {
                foreach (var item in Json(path, Customer).Read())
                {
                    read.Add(item.Record!);
                }
            });

            Assert.Equal(ErrorIds.JsonInvalid, error.ErrorId);
            Assert.StartsWith($"The JSON file '{path}' is not valid at line 3:", error.Message);
            Assert.Equal("a@x.de", read.Single()["Email"]);
        }

        [Fact]
        public void Missing_key_and_duplicate_key_are_errors()
        {
            using var folder = new TempFolder();
            var path = folder.Write("c.jsonl", "{\"email\": \"a@x.de\"}\n{\"city\": \"Rome\"}\n{\"email\": \"A@x.de \"}\n");

            var (records, errors) = ReadAll(Json(path, Customer));

            Assert.Single(records);
            Assert.Equal(new[] { ErrorIds.KeyMissing, ErrorIds.KeyDuplicate }, errors.Select(e => e.ErrorId));
            Assert.Equal(new long?[] { 2, 3 }, errors.Select(e => e.Position));
            Assert.Contains("already read at line 1", errors[1].Message);
        }

        [Fact]
        public void Write_upserts_into_indented_array()
        {
            using var folder = new TempFolder();
            var path = folder.Write("c.json", "[{\"email\": \"a@x.de\", \"address\": {\"city\": \"Berlin\", \"zip\": \"10115\"}, \"balance\": 1.50, \"note\": \"keep\"},\n {\"email\": \"b@x.de\", \"balance\": 2}]");
            var endpoint = Json(path, Customer, map: CityMap);
            var update = CustomerRecord("a@x.de", "Munich", 0.10m, new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.FromHours(2)));
            var create = CustomerRecord("c@x.de", "Rome", 12345678901234567.89m, null);

            var outcomes = Upsert(endpoint, update, create);

            Assert.Equal(new[] { WriteResultKind.Updated, WriteResultKind.Created }, outcomes.Select(o => o.Result));
            Assert.Equal(
                "[\n" +
                "  {\n" +
                "    \"email\": \"a@x.de\",\n" +
                "    \"address\": {\n" +
                "      \"city\": \"Munich\",\n" +
                "      \"zip\": \"10115\"\n" +
                "    },\n" +
                "    \"balance\": 0.10,\n" +
                "    \"note\": \"keep\",\n" +
                "    \"since\": \"2026-07-01T12:00:00+02:00\"\n" +
                "  },\n" +
                "  {\n" +
                "    \"email\": \"b@x.de\",\n" +
                "    \"balance\": 2\n" +
                "  },\n" +
                "  {\n" +
                "    \"email\": \"c@x.de\",\n" +
                "    \"address\": {\n" +
                "      \"city\": \"Rome\"\n" +
                "    },\n" +
                "    \"balance\": 12345678901234567.89,\n" +
                "    \"since\": null\n" +
                "  }\n" +
                "]\n",
                File.ReadAllText(path).Replace("\r\n", "\n"));
            Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
        }

        [Fact]
        public void Write_keeps_json_lines_format()
        {
            using var folder = new TempFolder();
            var path = folder.Write("c.jsonl", "{\"email\":\"a@x.de\",\"balance\":1}\n{\"email\":\"b@x.de\",\"balance\":2}\n");

            Upsert(Json(path, Customer), CustomerRecord("b@x.de", null, 2.5m, null));

            Assert.Equal("{\"email\":\"a@x.de\",\"balance\":1}\n{\"email\":\"b@x.de\",\"balance\":2.5,\"City\":null,\"since\":null}\n", File.ReadAllText(path));
        }

        [Fact]
        public void Written_file_reads_back_same_hash()
        {
            using var folder = new TempFolder();
            var path = folder.File("new.json");
            var original = CustomerRecord("a@x.de", "Berlin", 1.5m, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)));

            Upsert(Json(path, Customer, map: CityMap), original);
            var (records, errors) = ReadAll(Json(path, Customer, map: CityMap));

            Assert.Empty(errors);
            Assert.Equal(original.ContentHash, records.Single().ContentHash);
        }

        [Fact]
        public void Invalid_json_path_fails_on_create()
        {
            var error = Assert.Throws<ErpSyncException>(() => Json("x.json", Customer, map: new Dictionary<string, string> { ["City"] = "$.address[" }));

            Assert.Equal(ErrorIds.EndpointInvalid, error.ErrorId);
            Assert.StartsWith("The map value '$.address[' is not a valid JSONPath", error.Message);
        }

        private static ErpRecord CustomerRecord(string email, string? city, decimal balance, DateTimeOffset? since)
        {
            var fields = new RecordFields();
            fields.Set("email", email);
            fields.Set("City", city);
            fields.Set("balance", balance);
            fields.Set("since", since);
            return new ErpRecord("Customer", RecordKey.Single(email), fields);
        }
    }
}
