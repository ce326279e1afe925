using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ErpSync.Bench
{
    /// <summary>Products as an ERP exports them: SKU, name, description, decimal prices, stock and a modification time.</summary>
    internal static class ProductData
    {
        public static readonly (string Name, string Type)[] Columns =
        {
            ("Sku", "TEXT"), ("Name", "TEXT"), ("Description", "TEXT"), ("Category", "TEXT"), ("Supplier", "TEXT"),
            ("Price", "TEXT"), ("Cost", "TEXT"), ("Stock", "INTEGER"), ("Active", "INTEGER"), ("ModifiedAt", "TEXT"),
        };

        public static object?[] Row(SampleValues values, long row)
        {
            var random = values.ForRow(row);
            return new object?[]
            {
                SampleValues.Sku(row),
                SampleValues.ProductName(random),
                SampleValues.Description(random),
                SampleValues.Category(random),
                SampleValues.Supplier(random),
                SampleValues.Money(random, 199, 99999),
                SampleValues.Money(random, 99, 49999),
                (long)random.Next(0, 5000),
                random.Next(10) == 0 ? "false" : "true",
                SampleValues.Timestamp(SampleValues.Epoch.AddMinutes(row)),
            };
        }

        /// <summary>Writes an RFC 4180 CSV file, UTF-8 without a byte order mark, LF line endings.</summary>
        public static void WriteCsv(string path, long rows, int seed)
        {
            var values = new SampleValues(seed);
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
            writer.NewLine = "\n";
            WriteLine(writer, System.Array.ConvertAll(Columns, c => (object?)c.Name));
            for (long row = 1; row <= rows; row++)
            {
                WriteLine(writer, Row(values, row));
            }
        }

        public static void WriteTable(string path, string table, long rows, int seed)
        {
            var values = new SampleValues(seed);
            using var writer = new SqliteBulkWriter(path, table, Columns, "Sku");
            for (long row = 1; row <= rows; row++)
            {
                var fields = Row(values, row);
                fields[8] = (string)fields[8]! == "true" ? 1L : 0L;
                writer.Add(fields);
            }
        }

        private static void WriteLine(TextWriter writer, IReadOnlyList<object?> fields)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }

                var text = System.Convert.ToString(fields[i], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                if (text.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0)
                {
                    writer.Write('"');
                    writer.Write(text.Replace("\"", "\"\""));
                    writer.Write('"');
                }
                else
                {
                    writer.Write(text);
                }
            }

            writer.Write('\n');
        }
    }
}
