using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Patterns.Aggregation;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Aggregation
{
    public sealed class AggregationEngineTests : IDisposable
    {
        private readonly AggregationFixture fixture = new AggregationFixture();

        public void Dispose() => fixture.Dispose();

        [Fact]
        public void Magento_msrp_list_fills_twelve_products()
        {
            var products = AggregationFixture.Csv("products", Path.Combine(AggregationFixture.Samples, "magento", "products.csv"), BuiltInSchemas.Product);
            var msrp = AggregationFixture.Csv("msrp", Path.Combine(AggregationFixture.Samples, "magento", "products_msrp.csv"), BuiltInSchemas.Product);

            var run = AggregationFixture.Run(fixture.Options(null, products, msrp));

            Assert.Empty(run.Errors);
            Assert.Equal(1994 + 12, run.Result.Read);
            Assert.Equal(1994, run.Result.Keys);
            Assert.Equal(1994, run.Records.Count);
            Assert.Equal(0, run.Result.Disagreements);
            var withMsrp = run.Records.Where(r => !FieldMerge.IsEmpty(r["msrp"])).ToList();
            Assert.Equal(12, withMsrp.Count);
            Assert.Equal(Enumerable.Range(1, 12).Select(i => $"WJ{i:00}"), withMsrp.Select(r => r.Key.ToString()).OrderBy(k => k));
            Assert.All(withMsrp, r => Assert.Equal("msrp", r.Lineage!["Msrp"]));
            Assert.All(withMsrp, r => Assert.Equal("products", r.Lineage!["Name"]));
            var stellar = withMsrp.Single(r => r.Key.ToString() == "WJ01");
            Assert.Equal("79.99", stellar["msrp"]);
            Assert.Equal("Stellar Solar Jacket", stellar["Name"]);
            Assert.Equal(75m, stellar["Price"]);
        }

        [Fact]
        public void Sum_rule_adds_stock_of_two_warehouses()
        {
            var schema = BuiltInSchemas.InventoryLevel.WithKey(new[] { "Sku" });
            var north = AggregationFixture.Csv("north", fixture.WriteFile("north.csv", "sku,location,quantity\nNW-001,NORTH,120\nNW-002,NORTH,35.5\nNW-003,NORTH,0\n"), schema);
            var south = AggregationFixture.Csv("south", fixture.WriteFile("south.csv", "sku,location,quantity\nNW-001,SOUTH,80\nNW-002,SOUTH,15.25\nNW-004,SOUTH,7\n"), schema);
            var options = fixture.Options(null, north, south);
            options.Rules["Quantity"] = MergeRule.Sum;
            options.Rules["Location"] = MergeRule.Concat;

            var run = AggregationFixture.Run(options);

            var byKey = run.Records.ToDictionary(r => r.Key.ToString());
            Assert.Equal(4, byKey.Count);
            Assert.Equal(200m, byKey["NW-001"]["Quantity"]);
            Assert.Equal(50.75m, byKey["NW-002"]["Quantity"]);
            Assert.Equal(0m, byKey["NW-003"]["Quantity"]);
            Assert.Equal(7m, byKey["NW-004"]["Quantity"]);
            Assert.Equal("north, south", byKey["NW-001"].Lineage!["Quantity"]);
            Assert.Equal("south", byKey["NW-004"].Lineage!["Quantity"]);
            Assert.Equal("NORTH; SOUTH", byKey["NW-001"]["Location"]);
            Assert.Equal(0, run.Result.Disagreements);
        }

        [Fact]
        public void Sum_rule_rejects_non_numeric_value()
        {
            var schema = EntitySchema.AdHoc("Stock", new[] { "sku" });
            var north = AggregationFixture.Csv("north", fixture.WriteFile("north.csv", "sku,quantity\nA,10\nB,4\n"), schema);
            var south = AggregationFixture.Csv("south", fixture.WriteFile("south.csv", "sku,quantity\nA,ten\nB,1.5\n"), schema);
            var options = fixture.Options(null, north, south);
            options.Rules["quantity"] = MergeRule.Sum;

            var run = AggregationFixture.Run(options);

            var error = Assert.Single(run.Errors);
            Assert.Equal(ErrorIds.AggregateValueInvalid, error.ErrorId);
            Assert.Equal("A", error.Key);
            Assert.Equal("quantity", error.Field);
            Assert.Equal("ten", error.Value);
            Assert.Contains("'south'", error.Message);
            Assert.Equal(1, run.Result.Rejected);
            var merged = Assert.Single(run.Records);
            Assert.Equal(5.5m, merged["quantity"]);
        }

        [Fact]
        public void Precedence_decides_disagreement_and_counts_it()
        {
            var shop = AggregationFixture.Csv("shop", fixture.WriteFile("shop.csv", "Sku,Name,Price\nA,Apple,1.50\nB,,2.00\n"), BuiltInSchemas.Product);
            var erp = AggregationFixture.Csv("erp", fixture.WriteFile("erp.csv", "Sku,Name,Price\nA,Apple juice,1.5\nB,Banana,2.10\n"), BuiltInSchemas.Product);
            var options = fixture.Options(null, shop, erp);
            options.Precedence = new[] { "erp" };

            var run = AggregationFixture.Run(options);

            var byKey = run.Records.ToDictionary(r => r.Key.ToString());
            Assert.Equal("Apple juice", byKey["A"]["Name"]);
            Assert.Equal("erp", byKey["A"].Lineage!["Name"]);
            Assert.Equal("Banana", byKey["B"]["Name"]);
            Assert.Equal(2.10m, byKey["B"]["Price"]);
            Assert.Equal(2, run.Result.Disagreements);
            Assert.Contains(run.Messages, m => m.Contains("Key 'A'") && m.Contains("'Name'") && m.Contains("shop 'Apple'") && m.Contains("erp 'Apple juice'"));
            Assert.Contains(run.Messages, m => m.Contains("Key 'B'") && m.Contains("'Price'"));
        }

        [Fact]
        public void Newest_rule_takes_latest_modification()
        {
            var schema = BuiltInSchemas.Customer;
            var shop = new Endpoints.Csv.CsvEndpoint(
                new EndpointOptions("shop", schema) { ModifiedField = "ModifiedAt" },
                new Endpoints.Csv.CsvEndpointOptions(fixture.WriteFile("shop.csv", "Email,City,ModifiedAt\na@example.com,Potsdam,2026-11-01T09:00:00+01:00\nb@example.com,Köln,2026-01-01T00:00:00Z\n")));
            var erp = new Endpoints.Csv.CsvEndpoint(
                new EndpointOptions("erp", schema) { ModifiedField = "ModifiedAt" },
                new Endpoints.Csv.CsvEndpointOptions(fixture.WriteFile("erp.csv", "Email,City,ModifiedAt\na@example.com,Berlin,2026-10-01T00:00:00Z\nb@example.com,Bonn,2026-02-01T00:00:00Z\n")));
            var options = fixture.Options(null, shop, erp);
            options.Rules["City"] = MergeRule.Newest;

            var run = AggregationFixture.Run(options);

            var byKey = run.Records.ToDictionary(r => r.Key.ToString());
            Assert.Equal("Potsdam", byKey["a@example.com"]["City"]);
            Assert.Equal("shop", byKey["a@example.com"].Lineage!["City"]);
            Assert.Equal("Bonn", byKey["b@example.com"]["City"]);
            Assert.Equal("erp", byKey["b@example.com"].Lineage!["City"]);
        }

        [Fact]
        public void Key_prefixes_keep_colliding_orders_apart()
        {
            var eu = AggregationFixture.OrderCsv("eu", Path.Combine(AggregationFixture.Samples, "fixtures", "shop-eu-orders.csv"));
            var us = AggregationFixture.OrderCsv("us", Path.Combine(AggregationFixture.Samples, "fixtures", "shop-us-orders.csv"));
            var options = fixture.Options(fixture.OrderTable(), eu, us);
            options.KeyPrefixes["eu"] = "EU-";
            options.KeyPrefixes["us"] = "US-";

            var run = AggregationFixture.Run(options);

            Assert.Empty(run.Errors);
            Assert.Equal(10, run.Result.Keys);
            Assert.Equal(10, run.Result.Created);
            Assert.Equal(0, run.Result.Disagreements);
            var stored = ReadOrders();
            Assert.Equal(
                new[] { "EU-1001", "EU-1002", "EU-1003", "EU-1004", "EU-1005", "US-1001", "US-1002", "US-1003", "US-1004", "US-1005" },
                stored.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(128.50m, stored["EU-1001"]["Total"]);
            Assert.Equal(89.00m, stored["US-1001"]["Total"]);
            Assert.Equal("lazyk@example.com", stored["US-1001"]["CustomerEmail"]);
            Assert.Equal(1627.74m, stored.Where(p => p.Key.StartsWith("EU-", StringComparison.Ordinal)).Sum(p => (decimal)p.Value["Total"]!));
            Assert.Equal(2510.84m, stored.Where(p => p.Key.StartsWith("US-", StringComparison.Ordinal)).Sum(p => (decimal)p.Value["Total"]!));
            Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 15, 0, TimeSpan.Zero), stored["EU-1001"]["OrderDate"]);
        }

        [Fact]
        public void Merged_records_edit_their_own_fields()
        {
            var options = PrefixedOrders(
                Path.Combine(AggregationFixture.Samples, "fixtures", "shop-eu-orders.csv"),
                Path.Combine(AggregationFixture.Samples, "fixtures", "shop-us-orders.csv"));
            options.Target = null;
            var run = AggregationFixture.Run(options);
            var names = run.Records[1].Fields.Names.ToList();

            run.Records[0].Fields.Set("Note", "checked");
            run.Records[0].Fields.Remove("Status");

            Assert.Equal(names, run.Records[1].Fields.Names);
            Assert.Equal(names, run.Records[2].Fields.Names);
            Assert.False(run.Records[1].Fields.Contains("Note"));
            Assert.Equal("checked", run.Records[0]["Note"]);
            Assert.False(run.Records[0].Fields.Contains("Status"));
        }

        [Fact]
        public void Second_run_writes_only_changed_order()
        {
            var euPath = fixture.CopySample(Path.Combine("fixtures", "shop-eu-orders.csv"));
            var usPath = fixture.CopySample(Path.Combine("fixtures", "shop-us-orders.csv"));
            var first = AggregationFixture.Run(PrefixedOrders(euPath, usPath));
            File.WriteAllText(usPath, File.ReadAllText(usPath).Replace("USD,342.10,shipped", "USD,342.10,delivered"));

            var second = AggregationFixture.Run(PrefixedOrders(euPath, usPath));

            Assert.Equal(10, first.Result.Created);
            Assert.Equal(0, second.Result.Created);
            Assert.Equal(1, second.Result.Updated);
            Assert.Equal(9, second.Result.Unchanged);
            Assert.Equal(0, second.Result.Deleted);
            Assert.Equal("US-1002", Assert.Single(second.Changes, c => c.Action == AggregateAction.Updated).Key);
            Assert.Equal("delivered", ReadOrders()["US-1002"]["Status"]);
        }

        [Fact]
        public void Rerun_without_changes_writes_nothing()
        {
            var euPath = fixture.CopySample(Path.Combine("fixtures", "shop-eu-orders.csv"));
            var usPath = fixture.CopySample(Path.Combine("fixtures", "shop-us-orders.csv"));
            AggregationFixture.Run(PrefixedOrders(euPath, usPath));

            var second = AggregationFixture.Run(PrefixedOrders(euPath, usPath));

            Assert.Equal(0, second.Result.Created);
            Assert.Equal(0, second.Result.Updated);
            Assert.Equal(10, second.Result.Unchanged);
        }

        [Fact]
        public void Vanished_key_is_kept_and_reported()
        {
            var euPath = fixture.CopySample(Path.Combine("fixtures", "shop-eu-orders.csv"));
            var usPath = fixture.CopySample(Path.Combine("fixtures", "shop-us-orders.csv"));
            AggregationFixture.Run(PrefixedOrders(euPath, usPath));
            RemoveLine(euPath, "1003,");

            var second = AggregationFixture.Run(PrefixedOrders(euPath, usPath));

            Assert.Equal(1, second.Result.Orphaned);
            Assert.Equal(0, second.Result.Deleted);
            Assert.Equal(9, second.Result.Unchanged);
            Assert.Contains(second.Messages, m => m.Contains("Key 'EU-1003' is in no source any more"));
            Assert.True(ReadOrders().ContainsKey("EU-1003"));
        }

        [Fact]
        public void PropagateDeletes_removes_vanished_key()
        {
            var euPath = fixture.CopySample(Path.Combine("fixtures", "shop-eu-orders.csv"));
            var usPath = fixture.CopySample(Path.Combine("fixtures", "shop-us-orders.csv"));
            AggregationFixture.Run(PrefixedOrders(euPath, usPath));
            RemoveLine(euPath, "1003,");
            var options = PrefixedOrders(euPath, usPath);
            options.PropagateDeletes = true;

            var second = AggregationFixture.Run(options);
            var third = AggregationFixture.Run(PrefixedOrders(euPath, usPath));

            Assert.Equal(1, second.Result.Deleted);
            Assert.Equal(0, second.Result.Orphaned);
            Assert.False(ReadOrders().ContainsKey("EU-1003"));
            Assert.Equal(9, ReadOrders().Count);
            Assert.Equal(0, third.Result.Orphaned);
            Assert.Equal(9, third.Result.Unchanged);
        }

        [Fact]
        public void Deletes_ignore_rows_written_by_others()
        {
            var euPath = fixture.CopySample(Path.Combine("fixtures", "shop-eu-orders.csv"));
            var usPath = fixture.CopySample(Path.Combine("fixtures", "shop-us-orders.csv"));
            var erp = fixture.OrderTable();
            var manual = new ErpRecord("Order", RecordKey.Single("MANUAL-1"), new RecordFields());
            manual.Fields.Set("OrderNumber", "MANUAL-1");
            manual.Fields.Set("Total", 5m);
            using (var session = new WriteSession(erp, 10))
            {
                session.Add(WriteOperation.Insert(manual), default);
                session.Complete(default);
            }

            var options = PrefixedOrders(euPath, usPath);
            options.PropagateDeletes = true;
            var run = AggregationFixture.Run(options);

            Assert.Equal(0, run.Result.Deleted);
            Assert.Equal(11, ReadOrders().Count);
        }

        [Fact]
        public void WhatIf_counts_plans_and_writes_nothing()
        {
            var options = PrefixedOrders(
                Path.Combine(AggregationFixture.Samples, "fixtures", "shop-eu-orders.csv"),
                Path.Combine(AggregationFixture.Samples, "fixtures", "shop-us-orders.csv"));
            options.WhatIf = true;

            var run = AggregationFixture.Run(options);

            Assert.Equal(10, run.Result.Created);
            Assert.Equal(string.Empty, run.Result.RunId);
            Assert.False(File.Exists(fixture.DatabasePath) && new FileInfo(fixture.DatabasePath).Length > 0);
        }

        [Fact]
        public void Default_job_name_names_sources_and_target()
        {
            var eu = AggregationFixture.OrderCsv("eu", "eu.csv");
            var us = AggregationFixture.OrderCsv("us", "us.csv");

            var options = fixture.Options(fixture.OrderTable(), eu, us);

            Assert.Equal("Aggregate eu+us -> erp", options.ResolveJobName());
        }

        [Fact]
        public void Unknown_rule_name_is_rejected()
        {
            var error = Assert.Throws<ErpSyncException>(() => AggregationOptions.ParseRule("Quantity", "Average"));

            Assert.Equal(ErrorIds.AggregateRuleInvalid, error.ErrorId);
            Assert.Contains("Sum", error.Message);
        }

        [Fact]
        public void Prefix_for_unknown_source_is_rejected()
        {
            var options = fixture.Options(null, AggregationFixture.OrderCsv("eu", "eu.csv"));
            options.KeyPrefixes["us"] = "US-";

            var error = Assert.Throws<ErpSyncException>(() => new AggregationEngine(options));

            Assert.Equal(ErrorIds.AggregateSourcesInvalid, error.ErrorId);
        }

        private AggregationOptions PrefixedOrders(string euPath, string usPath)
        {
            var options = fixture.Options(fixture.OrderTable(), AggregationFixture.OrderCsv("eu", euPath), AggregationFixture.OrderCsv("us", usPath));
            options.KeyPrefixes["eu"] = "EU-";
            options.KeyPrefixes["us"] = "US-";
            return options;
        }

        private Dictionary<string, ErpRecord> ReadOrders() =>
            fixture.OrderTable().Read().Select(i => i.Record!).ToDictionary(r => r.Key.ToString());

        private static void RemoveLine(string path, string prefix) =>
            File.WriteAllLines(path, File.ReadAllLines(path).Where(l => !l.StartsWith(prefix, StringComparison.Ordinal)));
    }
}
