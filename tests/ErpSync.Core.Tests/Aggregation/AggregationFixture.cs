using System;
using System.Collections.Generic;
using System.IO;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Mapping;
using ErpSync.Core.Patterns.Aggregation;
using ErpSync.Core.Records;

namespace ErpSync.Core.Tests.Aggregation
{
    /// <summary>A temporary folder with a state store, plus helpers that build endpoints on files in it or in samples/.</summary>
    public sealed class AggregationFixture : IDisposable
    {
        private static readonly Dictionary<string, string> OrderColumns = new Dictionary<string, string>
        {
            ["OrderNumber"] = "order_number",
            ["CustomerEmail"] = "customer_email",
            ["OrderDate"] = "order_date",
        };

        public AggregationFixture()
        {
            Folder = Path.Combine(Path.GetTempPath(), "erpsync-aggregate-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
        }

        public string Folder { get; }

        public string StatePath => Path.Combine(Folder, "state.db");

        public string DatabasePath => Path.Combine(Folder, "erp.db");

        /// <summary>The repository's samples folder, found by walking up from the test binaries.</summary>
        public static string Samples
        {
            get
            {
                var folder = new DirectoryInfo(AppContext.BaseDirectory);
                while (folder != null && !Directory.Exists(Path.Combine(folder.FullName, "samples", "fixtures")))
                {
                    folder = folder.Parent;
                }

                return folder == null
                    ? throw new DirectoryNotFoundException("No samples/fixtures folder above " + AppContext.BaseDirectory)
                    : Path.Combine(folder.FullName, "samples");
            }
        }

        public string WriteFile(string name, string content)
        {
            var path = Path.Combine(Folder, name);
            File.WriteAllText(path, content);
            return path;
        }

        public string CopySample(string relativePath)
        {
            var path = Path.Combine(Folder, Path.GetFileName(relativePath));
            File.Copy(Path.Combine(Samples, relativePath), path, overwrite: true);
            return path;
        }

        public static Endpoint Csv(string name, string path, EntitySchema schema, IDictionary<string, string>? map = null) =>
            new CsvEndpoint(
                new EndpointOptions(name, schema) { Map = map == null ? FieldMap.Empty : new FieldMap(map) },
                new CsvEndpointOptions(path));

        public static Endpoint OrderCsv(string name, string path) => Csv(name, path, BuiltInSchemas.Order, OrderColumns);

        public Endpoint OrderTable() =>
            new SqliteEndpoint(
                new EndpointOptions("erp", BuiltInSchemas.Order),
                new SqliteEndpointOptions(DatabasePath) { Table = "shop_orders", CreateTable = true });

        public AggregationOptions Options(Endpoint? target, params Endpoint[] sources) =>
            new AggregationOptions(sources) { Target = target, StatePath = StatePath };

        /// <summary>Runs an aggregation and collects what it reports.</summary>
        public static AggregationRun Run(AggregationOptions options)
        {
            var engine = new AggregationEngine(options);
            var run = new AggregationRun();
            engine.Merged += run.Records.Add;
            engine.RecordFailed += run.Errors.Add;
            engine.Verbose += run.Messages.Add;
            engine.Changed += run.Changes.Add;
            run.Result = engine.Run();
            return run;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow machine leaves the folder behind in the temporary folder; that is harmless.
            }
        }
    }

    public sealed class AggregationRun
    {
        public ErpAggregateResult Result { get; set; } = new ErpAggregateResult();

        public List<ErpRecord> Records { get; } = new List<ErpRecord>();

        public List<RecordError> Errors { get; } = new List<RecordError>();

        public List<string> Messages { get; } = new List<string>();

        public List<ErpAggregateChange> Changes { get; } = new List<ErpAggregateChange>();
    }
}
