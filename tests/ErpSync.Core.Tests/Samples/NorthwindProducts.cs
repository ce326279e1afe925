using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Microsoft.Data.Sqlite;

namespace ErpSync.Core.Tests.Samples
{
    /// <summary>The 77 Northwind products, parsed from the INSERT statements of samples/northwind/northwind.sql.</summary>
    public static class NorthwindProducts
    {
        private const string Prefix = "INSERT INTO products VALUES (";

        public static IReadOnlyList<(int Id, string Name, double Price, int Stock)> Read()
        {
            var products = new List<(int, string, double, int)>();
            foreach (var line in File.ReadLines(SamplePaths.File("northwind", "northwind.sql")))
            {
                if (!line.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var values = SplitValues(line.Substring(Prefix.Length, line.LastIndexOf(')') - Prefix.Length));
                var price = double.Parse(values[5], CultureInfo.InvariantCulture);
                products.Add((int.Parse(values[0], CultureInfo.InvariantCulture), values[1], RoundToSingle(price), int.Parse(values[6], CultureInfo.InvariantCulture)));
            }

            return products;
        }

        /// <summary>Creates an SQLite database with the table products(sku, name, price, stock) and returns its path.</summary>
        public static string CreateDatabase(string folder)
        {
            var path = Path.Combine(folder, "northwind.db");
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = "CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT NOT NULL, price REAL, stock INTEGER)";
                create.ExecuteNonQuery();
            }

            foreach (var (id, name, price, stock) in Read())
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO products VALUES ($sku, $name, $price, $stock)";
                insert.Parameters.AddWithValue("$sku", "NW-" + id.ToString("000", CultureInfo.InvariantCulture));
                insert.Parameters.AddWithValue("$name", name);
                insert.Parameters.AddWithValue("$price", price);
                insert.Parameters.AddWithValue("$stock", stock);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            return path;
        }

        // PostgreSQL's real is a 4-byte float, which keeps about 7 significant digits.
        private static double RoundToSingle(double value) =>
            double.Parse(value.ToString("G7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

        private static List<string> SplitValues(string text)
        {
            var values = new List<string>();
            var current = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        current.Append('\'');
                        i++;
                    }
                    else if (c == '\'')
                    {
                        quoted = false;
                    }
                    else
                    {
                        current.Append(c);
                    }
                }
                else if (c == '\'')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    values.Add(current.ToString().Trim());
                    current.Clear();
                }
                else
                {
                    current.Append(c);
                }
            }

            values.Add(current.ToString().Trim());
            return values;
        }
    }
}
