using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Endpoints.Json;
using ErpSync.Core.Mapping;
using ErpSync.Core.Records;

namespace ErpSync.Core.Tests.FileEndpoints
{
    /// <summary>Builds endpoints for tests and reads them into records and errors.</summary>
    public static class EndpointFactory
    {
        public static EndpointOptions Options(EntitySchema schema, Action<EndpointOptions>? configure = null, IDictionary<string, string>? map = null)
        {
            var options = new EndpointOptions("test", schema);
            if (map != null)
            {
                options.Map = new FieldMap(map);
            }

            configure?.Invoke(options);
            return options;
        }

        public static CsvEndpoint Csv(string path, EntitySchema? schema = null, Action<EndpointOptions>? configure = null, IDictionary<string, string>? map = null, string? delimiter = null, Encoding? encoding = null) =>
            new CsvEndpoint(Options(schema ?? BuiltInSchemas.Product, configure, map), new CsvEndpointOptions(path) { Delimiter = delimiter, Encoding = encoding });

        public static JsonEndpoint Json(string path, EntitySchema? schema = null, Action<EndpointOptions>? configure = null, IDictionary<string, string>? map = null) =>
            new JsonEndpoint(Options(schema ?? BuiltInSchemas.Product, configure, map), new JsonEndpointOptions(path));

        public static (List<ErpRecord> Records, List<RecordError> Errors) ReadAll(Endpoint endpoint)
        {
            var records = new List<ErpRecord>();
            var errors = new List<RecordError>();
            foreach (var item in endpoint.Read())
            {
                if (item.Record != null)
                {
                    records.Add(item.Record);
                }
                else
                {
                    errors.Add(item.Error!);
                }
            }

            return (records, errors);
        }

        /// <summary>Upserts the records in one batch and completes the writer; returns the outcomes.</summary>
        public static IReadOnlyList<WriteOutcome> Upsert(Endpoint endpoint, params ErpRecord[] records)
        {
            using var writer = endpoint.OpenWriter();
            var outcomes = writer.WriteBatch(records.Select(WriteOperation.Upsert).ToList(), default);
            writer.Complete();
            return outcomes;
        }

        public static ErpRecord Product(string sku, params (string Field, object? Value)[] fields)
        {
            var values = new RecordFields();
            values.Set("Sku", sku);
            foreach (var (field, value) in fields)
            {
                values.Set(field, value);
            }

            return new ErpRecord("Product", RecordKey.Single(sku), values);
        }

        public static string Invariant(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "<null>";
    }
}
