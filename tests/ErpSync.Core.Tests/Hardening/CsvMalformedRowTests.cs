using System.IO;
using System.Linq;
using System.Text;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Hardening
{
    public sealed class CsvMalformedRowTests
    {
        [Fact]
        public void Write_keeps_unreadable_rows_byte_for_byte()
        {
            using var folder = new TempFolder();
            var path = folder.File("artikel.csv");
            var original =
                "Sku;Name;Price\r\n" +
                "10001;Tisch;10\r\n" +
                "10004;Schrank; \"mit Schloss\";249\r\n" +
                "10005;Stuhl\r\n" +
                "10006;Lampe;5\r\n";
            File.WriteAllText(path, original, new UTF8Encoding(false));
            var endpoint = new CsvEndpoint(new EndpointOptions("erp", BuiltInSchemas.Product), new CsvEndpointOptions(path));
            var record = endpoint.Read().Where(i => !i.IsError).Select(i => i.Record!).Single(r => r.Key.ToString() == "10001");
            record["Price"] = 12m;

            using (var writer = endpoint.OpenWriter())
            {
                writer.WriteBatch(new[] { WriteOperation.Upsert(record) }, default);
                writer.Complete();
            }

            var expected =
                "Sku;Name;Price\r\n" +
                "10001;Tisch;12\r\n" +
                "10004;Schrank; \"mit Schloss\";249\r\n" +
                "10005;Stuhl\r\n" +
                "10006;Lampe;5\r\n";
            Assert.Equal(expected, File.ReadAllText(path));
        }
    }
}
