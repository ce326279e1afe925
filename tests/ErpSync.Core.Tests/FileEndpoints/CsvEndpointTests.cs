using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;
using Xunit;
using static ErpSync.Core.Tests.FileEndpoints.EndpointFactory;

namespace ErpSync.Core.Tests.FileEndpoints
{
    public sealed class CsvEndpointTests
    {
        [Fact]
        public void Utf8_with_bom_reads_first_column()
        {
            using var folder = new TempFolder();
            var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("Sku,Name\nA1,Müller\n")).ToArray();
            var (records, errors) = ReadAll(Csv(folder.Write("p.csv", bytes)));

            Assert.Empty(errors);
            Assert.Equal("A1", records.Single()["Sku"]);
            Assert.Equal("Müller", records.Single()["Name"]);
        }

        [Fact]
        public void Utf8_without_bom_reads_umlauts()
        {
            using var folder = new TempFolder();
            var (records, errors) = ReadAll(Csv(folder.Write("p.csv", "Sku,Name\nA1,Müller\n")));

            Assert.Empty(errors);
            Assert.Equal("Müller", records.Single()["Name"]);
        }

        [Fact]
        public void Utf16_le_with_bom_reads()
        {
            using var folder = new TempFolder();
            var bytes = new UnicodeEncoding(false, true).GetPreamble().Concat(Encoding.Unicode.GetBytes("Sku,Name\nA1,Müller\n")).ToArray();
            var (records, errors) = ReadAll(Csv(folder.Write("p.csv", bytes)));

            Assert.Empty(errors);
            Assert.Equal("A1", records.Single()["Sku"]);
            Assert.Equal("Müller", records.Single()["Name"]);
        }

        [Fact]
        public void Windows1252_reads_when_named()
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", Encoding.ASCII.GetBytes("Sku,Name\nA1,Caf").Concat(new byte[] { 0xE9, 0x0A }).ToArray());
            var (records, errors) = ReadAll(Csv(path, encoding: FileEncoding.Resolve("windows-1252")));

            Assert.Empty(errors);
            Assert.Equal("Café", records.Single()["Name"]);
        }

        [Fact]
        public void Windows1252_without_encoding_fails_naming_line()
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", Encoding.ASCII.GetBytes("Sku,Name\nA1,Tea\nA2,Caf").Concat(new byte[] { 0xE9, 0x0A }).ToArray());

            var error = Assert.Throws<ErpSyncException>(() => ReadAll(Csv(path)));

            Assert.Equal(ErrorIds.FileEncodingInvalid, error.ErrorId);
            Assert.Contains($"'{path}' is not valid utf-8 at line 3.", error.Message);
        }

        [Theory]
        [InlineData(",")]
        [InlineData(";")]
        [InlineData("\t")]
        [InlineData("|")]
        public void Delimiter_detected_from_header(string delimiter)
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", $"Sku{delimiter}Name{delimiter}Price\nA1{delimiter}Tea, green{delimiter}1.50\n".Replace(", green", delimiter == "," ? " green" : ", green"));
            var (records, errors) = ReadAll(Csv(path));

            Assert.Empty(errors);
            Assert.Equal(1.50m, records.Single()["Price"]);
            Assert.Equal(delimiter == "," ? "Tea green" : "Tea, green", records.Single()["Name"]);
        }

        [Fact]
        public void Delimiter_given_overrides_detection()
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", "Sku;Name,Extra\nA1;Tea,green\n");
            var (records, errors) = ReadAll(Csv(path, delimiter: ";"));

            Assert.Empty(errors);
            Assert.Equal("Tea,green", records.Single()["Name,Extra"]);
        }

        [Theory]
        [InlineData("\n")]
        [InlineData("\r\n")]
        public void Quoted_newlines_keep_later_line_numbers(string newLine)
        {
            using var folder = new TempFolder();
            var text = string.Join(newLine, "Sku,Description", "A1,\"first", "second", "third\"", "A2,plain", "A3") + newLine;
            var (records, errors) = ReadAll(Csv(folder.Write("p.csv", text)));

            Assert.Equal(2, records.Count);
            Assert.Equal(2L, records[0].Position);
            Assert.Equal("first" + newLine + "second" + newLine + "third", records[0]["Description"]);
            Assert.Equal(5L, records[1].Position);
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.CsvRowTooShort, error.ErrorId);
            Assert.Equal(6L, error.Position);
        }

        [Fact]
        public void Line_numbers_count_blank_lines_and_carriage_returns()
        {
            using var folder = new TempFolder();
            var text = "Sku,Description\nA1,one\n\n\nA2,two\r\n\r\nA3,\"x\ny\"\nA4,four\rA5,five\nA6,si\"x\nA7,last";
            var (records, errors) = ReadAll(Csv(folder.Write("p.csv", text)));

            Assert.Equal(new[] { "A1", "A2", "A3", "A4", "A5", "A7" }, records.Select(r => (string)r["Sku"]!).ToArray());
            Assert.Equal(new long?[] { 2, 5, 7, 9, 10, 12 }, records.Select(r => r.Position).ToArray());
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.CsvBadData, error.ErrorId);
            Assert.Equal(11L, error.Position);
        }

        [Fact]
        public void Header_names_trimmed_and_case_insensitive()
        {
            using var folder = new TempFolder();
            var (records, errors) = ReadAll(Csv(folder.Write("p.csv", " sku , NAME ,price\nA1,Tea,2\n")));

            Assert.Empty(errors);
            Assert.Equal(new[] { "Sku", "Name", "Price" }, records.Single().Fields.Names);
            Assert.Equal(2L, ToLong(records.Single()["Price"]));
        }

        [Fact]
        public void Trailing_empty_fields_are_ignored()
        {
            using var folder = new TempFolder();
            var (records, errors) = ReadAll(Csv(folder.Write("p.csv", "Sku,Name\nA1,Tea,\nA2,Coffee,,\n")));

            Assert.Empty(errors);
            Assert.Equal(new[] { "A1", "A2" }, records.Select(r => r["Sku"]));
        }

        [Fact]
        public void Row_with_extra_values_is_too_long()
        {
            using var folder = new TempFolder();
            var (records, errors) = ReadAll(Csv(folder.Write("p.csv", "Sku,Name\nA1,Tea\nA2,Coffee,strong\nA3,Milk\n")));

            Assert.Equal(new[] { "A1", "A3" }, records.Select(r => r["Sku"]));
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.CsvRowTooLong, error.ErrorId);
            Assert.Equal(3L, error.Position);
            Assert.Contains("'strong'", error.Message);
        }

        [Fact]
        public void Row_with_fewer_fields_is_too_short()
        {
            using var folder = new TempFolder();
            var (records, errors) = ReadAll(Csv(folder.Write("p.csv", "Sku,Name,Price\nA1,Tea\nA2,Coffee,3\n")));

            Assert.Equal("A2", records.Single()["Sku"]);
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.CsvRowTooShort, error.ErrorId);
            Assert.Equal(2L, error.Position);
            Assert.Contains("missing from 'Price' on", error.Message);
        }

        [Fact]
        public void Duplicate_needed_header_is_invalid()
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", "Sku,Name,SKU\nA1,Tea,A2\n");

            var error = Assert.Throws<ErpSyncException>(() => ReadAll(Csv(path)));

            Assert.Equal(ErrorIds.CsvHeaderInvalid, error.ErrorId);
            Assert.Contains("the column 'SKU' appears more than once", error.Message);
        }

        [Fact]
        public void Duplicate_mapped_header_is_invalid()
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", "Sku,Regular price,regular price\nA1,1,2\n");

            var error = Assert.Throws<ErpSyncException>(() => ReadAll(Csv(path, map: new Dictionary<string, string> { ["Price"] = "Regular price" })));

            Assert.Equal(ErrorIds.CsvHeaderInvalid, error.ErrorId);
            Assert.Contains("the column 'regular price' appears more than once", error.Message);
        }

        [Fact]
        public void Blank_and_duplicate_unused_headers_only_warn()
        {
            using var folder = new TempFolder();
            var endpoint = Csv(folder.Write("p.csv", "Sku,,Note,Note\nA1,x,first,second\n"));
            var warnings = new List<string>();
            endpoint.Warning += warnings.Add;

            var (records, errors) = ReadAll(endpoint);

            Assert.Empty(errors);
            Assert.Equal("first", records.Single()["Note"]);
            Assert.Equal(new[] { "Sku", "Note" }, records.Single().Fields.Names);
            Assert.Contains("has the column 'Note' more than once", Assert.Single(warnings));
        }

        [Fact]
        public void Null_literal_stays_text_by_default()
        {
            using var folder = new TempFolder();
            var (records, errors) = ReadAll(Csv(folder.Write("p.csv", "Sku,Name,Price\nA1,NULL,\nA2,Tea,NULL\n")));

            Assert.Equal("NULL", records.Single()["Name"]);
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.ValueNotParsed, error.ErrorId);
            Assert.Equal("Price", error.Field);
            Assert.Equal("NULL", error.Value);
            Assert.Equal(3L, error.Position);
        }

        [Fact]
        public void Null_literal_is_null_when_configured()
        {
            using var folder = new TempFolder();
            var (records, errors) = ReadAll(Csv(folder.Write("p.csv", "Sku,Name,Price\nA1,NULL,NULL\n"), configure: o => o.NullText = "NULL"));

            Assert.Empty(errors);
            Assert.True(records.Single().Fields.Contains("Name"));
            Assert.Null(records.Single()["Name"]);
            Assert.Null(records.Single()["Price"]);
        }

        [Fact]
        public void Write_keeps_columns_and_untouched_rows()
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", "Name;Sku;Price\r\nTea;A1;1.50\r\n\"Coffee; strong\";A2;3\r\n");
            var endpoint = Csv(path);

            var outcomes = Upsert(endpoint, Product("a2", ("Price", 4.25m), ("Color", "black")), Product("A3", ("Name", "Milk")));

            Assert.Equal(new[] { WriteResultKind.Updated, WriteResultKind.Created }, outcomes.Select(o => o.Result));
            Assert.Equal(
                "Name;Sku;Price;Color\r\nTea;A1;1.50;\r\n\"Coffee; strong\";a2;4.25;black\r\nMilk;A3;;\r\n",
                File.ReadAllText(path));
            Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
        }

        [Fact]
        public void Write_creates_new_file()
        {
            using var folder = new TempFolder();
            var path = folder.File("new.csv");

            Upsert(Csv(path), Product("A1", ("Name", "Tea, green"), ("Price", 1.50m)));

            Assert.Equal("Sku,Name,Price\nA1,\"Tea, green\",1.50\n", File.ReadAllText(path));
        }

        [Fact]
        public void Write_keeps_byte_order_mark()
        {
            using var folder = new TempFolder();
            var path = folder.Write("p.csv", new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("Sku,Name\nA1,Tea\n")).ToArray());

            Upsert(Csv(path), Product("A2", ("Name", "Café")));

            var expected = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("Sku,Name\nA1,Tea\nA2,Café\n")).ToArray();
            Assert.Equal(expected, File.ReadAllBytes(path));
        }

        private static long ToLong(object? value) => value is long l ? l : System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
