using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ErpSync.Core.Records;
using ErpSync.Core.Tests.FileEndpoints;
using Xunit;
using static ErpSync.Core.Tests.FileEndpoints.EndpointFactory;

namespace ErpSync.Core.Tests.Records
{
    public sealed class RecordRulesTests
    {
        [Fact]
        public void German_culture_reads_grouped_decimal()
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", "Sku;Price;Stock\nA1;1.234,50;1.200\n");

            var (records, errors) = ReadAll(Csv(path, configure: o => o.Culture = CultureInfo.GetCultureInfo("de-DE")));

            Assert.Empty(errors);
            Assert.Equal(1234.50m, records.Single()["Price"]);
            Assert.Equal("1234.50", Invariant(records.Single()["Price"]));
            Assert.Equal(1200L, records.Single()["Stock"]);
        }

        [Fact]
        public void Timestamp_without_offset_takes_endpoint_zone()
        {
            var coercer = new ValueCoercer(CultureInfo.InvariantCulture, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

            var summer = (DateTimeOffset)coercer.Coerce("ModifiedAt", "2026-07-01 12:00", FieldType.DateTime)!;
            var winter = (DateTimeOffset)coercer.Coerce("ModifiedAt", "2026-01-15 12:00", FieldType.DateTime)!;

            Assert.Equal(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.FromHours(2)), summer);
            Assert.Equal(TimeSpan.FromHours(2), summer.Offset);
            Assert.Equal(TimeSpan.FromHours(1), winter.Offset);
        }

        [Fact]
        public void Timestamp_without_offset_defaults_to_utc()
        {
            var value = (DateTimeOffset)ValueCoercer.Invariant.Coerce("ModifiedAt", "2026-07-01 12:00", FieldType.DateTime)!;

            Assert.Equal(TimeSpan.Zero, value.Offset);
            Assert.Equal(12, value.Hour);
        }

        [Fact]
        public void Timestamp_with_offset_keeps_it()
        {
            var coercer = new ValueCoercer(CultureInfo.InvariantCulture, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

            var value = (DateTimeOffset)coercer.Coerce("ModifiedAt", "2026-07-01T12:00:00-05:00", FieldType.DateTime)!;

            Assert.Equal(TimeSpan.FromHours(-5), value.Offset);
        }

        [Fact]
        public void Unparsable_value_names_field_and_value()
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", "Sku,Price\nA1,1.5\nA2,cheap\n");

            var (records, errors) = ReadAll(Csv(path));

            Assert.Equal("A1", records.Single()["Sku"]);
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.ValueNotParsed, error.ErrorId);
            Assert.Equal("Price", error.Field);
            Assert.Equal("cheap", error.Value);
            Assert.Equal(3L, error.Position);
            Assert.StartsWith("The field 'Price' has the value 'cheap', which is not a valid decimal in the invariant culture", error.Message);
        }

        [Fact]
        public void Composite_key_joins_parts()
        {
            using var folder = new TempFolder();
            var path = folder.Write("s.csv", "Sku,Location,Quantity\nA1,North,5\nA1,South,7\na1 , north ,9\n");

            var (records, errors) = ReadAll(Csv(path, BuiltInSchemas.InventoryLevel));

            Assert.Equal(new[] { "A1|North", "A1|South" }, records.Select(r => r.Key.ToString()));
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.KeyDuplicate, error.ErrorId);
            Assert.Equal(4L, error.Position);
            Assert.Contains("already read at line 2", error.Message);
        }

        [Fact]
        public void Keys_trimmed_and_case_insensitive_by_default()
        {
            var first = RecordKey.Single(" ab-1 ");
            var second = RecordKey.Single("AB-1");

            Assert.Equal(first, second);
            Assert.Equal(" ab-1 ", first.ToString());
        }

        [Fact]
        public void Keys_case_sensitive_when_configured()
        {
            var normalization = new KeyNormalization(trim: true, ignoreCase: false);

            Assert.NotEqual(RecordKey.Single("ab-1", normalization), RecordKey.Single("AB-1", normalization));
        }

        [Fact]
        public void Leading_zeros_fold_only_when_configured()
        {
            var folding = new KeyNormalization(foldLeadingZeros: true);

            Assert.Equal(RecordKey.Single("000123", folding), RecordKey.Single("123", folding));
            Assert.Equal(RecordKey.Single("000", folding), RecordKey.Single("0", folding));
            Assert.NotEqual(RecordKey.Single("0A1", folding), RecordKey.Single("A1", folding));
            Assert.NotEqual(RecordKey.Single("000123"), RecordKey.Single("123"));
        }

        [Fact]
        public void Missing_key_is_error_for_that_row()
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", "Sku,Name\nA1,Tea\n  ,Coffee\nA3,Milk\n");

            var (records, errors) = ReadAll(Csv(path));

            Assert.Equal(new[] { "A1", "A3" }, records.Select(r => r["Sku"]));
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.KeyMissing, error.ErrorId);
            Assert.Equal("Sku", error.Field);
            Assert.Equal(3L, error.Position);
        }

        [Fact]
        public void Duplicate_key_names_first_line_and_keeps_first()
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", "Sku,Name\nA1,Tea\nA2,Milk\na1,Coffee\n");

            var (records, errors) = ReadAll(Csv(path));

            Assert.Equal(new[] { "Tea", "Milk" }, records.Select(r => r["Name"]));
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.KeyDuplicate, error.ErrorId);
            Assert.Equal(4L, error.Position);
            Assert.Equal("The key 'a1' was already read at line 2. Each key may appear once; remove or merge the duplicate. This row was skipped.", error.Message);
        }

        [Fact]
        public void Hash_ignores_trailing_decimal_zeros()
        {
            Assert.Equal(Hash(("Price", 1.50m)), Hash(("Price", 1.5m)));
            Assert.NotEqual(Hash(("Price", 1.50m)), Hash(("Price", 1.51m)));
        }

        [Fact]
        public void Hash_compares_date_times_in_utc()
        {
            var berlin = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.FromHours(2));
            var utc = new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero);

            Assert.Equal(Hash(("At", berlin)), Hash(("At", utc)));
            Assert.NotEqual(Hash(("At", berlin)), Hash(("At", utc.AddSeconds(1))));
        }

        [Fact]
        public void Hash_tells_null_from_empty()
        {
            Assert.NotEqual(Hash(("Name", null)), Hash(("Name", string.Empty)));
            Assert.NotEqual(Hash(("Name", null)), Hash());
        }

        [Fact]
        public void Custom_schema_from_hashtable()
        {
            var schema = SchemaCatalog.Resolve("Supplier", null, new Hashtable { ["Key"] = "Code", ["Fields"] = new Hashtable { ["Code"] = "Text", ["Rating"] = "Integer", ["Since"] = "DateTime" } });
            using var folder = new TempFolder();

            var (records, errors) = ReadAll(Csv(folder.Write("s.csv", "code,rating,since\nS1,4,2026-01-02T03:04:05Z\n"), schema));

            Assert.Empty(errors);
            Assert.Equal(new[] { "Code" }, schema.KeyFields);
            Assert.Equal(4L, records.Single()["Rating"]);
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), records.Single()["Since"]);
        }

        [Fact]
        public void Custom_schema_from_json_file()
        {
            using var folder = new TempFolder();
            var schemaPath = folder.Write("supplier.json", "{ \"Name\": \"Supplier\", \"Key\": [\"Code\", \"Country\"], \"Fields\": { \"Code\": \"Text\", \"Country\": \"Text\", \"Rating\": \"Decimal\", \"Active\": \"Boolean\" } }");

            var schema = SchemaCatalog.Resolve("Supplier", null, schemaPath);
            var (records, errors) = ReadAll(Csv(folder.Write("s.csv", "Code,Country,Rating,Active\nS1,DE,4.50,yes\n"), schema));

            Assert.Empty(errors);
            Assert.Equal(new[] { "Code", "Country" }, schema.KeyFields);
            Assert.Equal("S1|DE", records.Single().Key.ToString());
            Assert.Equal(4.50m, records.Single()["Rating"]);
            Assert.Equal(true, records.Single()["Active"]);
        }

        [Fact]
        public void Unknown_entity_reads_every_column_as_text()
        {
            var schema = SchemaCatalog.Resolve("Warehouse", new[] { "Code" }, null);
            using var folder = new TempFolder();

            var (records, errors) = ReadAll(Csv(folder.Write("w.csv", "Code,Capacity,Opened\nW1,1.500,2026-01-01\n"), schema));

            Assert.Empty(errors);
            Assert.True(schema.IsAdHoc);
            Assert.Equal("1.500", records.Single()["Capacity"]);
            Assert.Equal("2026-01-01", records.Single()["Opened"]);
        }

        [Fact]
        public void Unknown_entity_without_key_is_rejected()
        {
            var error = Assert.Throws<ErpSyncException>(() => SchemaCatalog.Resolve("Warehouse", null, null));

            Assert.Equal(ErrorIds.SchemaInvalid, error.ErrorId);
        }

        [Fact]
        public void Record_metadata_hidden_from_json()
        {
            // PowerShell's ConvertTo-Json writes every .NET property without [JsonIgnore] next to the fields.
            var visible = typeof(ErpRecord).GetProperties()
                .Where(p => !p.IsDefined(typeof(Newtonsoft.Json.JsonIgnoreAttribute), inherit: true))
                .Select(p => p.Name);

            Assert.Empty(visible);
        }

        private static string Hash(params (string Field, object? Value)[] values)
        {
            var fields = new RecordFields();
            foreach (var (field, value) in values)
            {
                fields.Set(field, value);
            }

            return ContentHasher.Hash(fields);
        }
    }
}
