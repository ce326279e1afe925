using System;
using Microsoft.Data.Sqlite;

namespace ErpSync.Bench
{
    /// <summary>
    /// Customers kept in both the ERP and the shop: two identical tables, then edits on each side.
    /// </summary>
    internal static class CustomerData
    {
        public const string Table = "customers";

        public static readonly (string Name, string Type)[] Columns =
        {
            ("Email", "TEXT"), ("Name", "TEXT"), ("Company", "TEXT"), ("Phone", "TEXT"), ("Street", "TEXT"),
            ("City", "TEXT"), ("PostalCode", "TEXT"), ("Country", "TEXT"), ("ModifiedAt", "TEXT"),
        };

        public static void WriteTable(string path, long rows, int seed)
        {
            var values = new SampleValues(seed);
            using var writer = new SqliteBulkWriter(path, Table, Columns, "Email");
            for (long row = 1; row <= rows; row++)
            {
                var random = values.ForRow(row);
                writer.Add(
                    SampleValues.Email(row),
                    SampleValues.PersonName(random),
                    SampleValues.Company(random),
                    SampleValues.Phone(random),
                    SampleValues.Street(random),
                    SampleValues.City(random),
                    SampleValues.PostalCode(random),
                    SampleValues.Country(random),
                    SampleValues.Timestamp(SampleValues.Epoch.AddMinutes(row)));
            }
        }

        /// <summary>
        /// Edits 1% of the rows on each side; 0.1% of the rows are edited on both sides to different
        /// values, so they conflict. Left edits rows n % 100 == 0; right edits rows n % 100 == 50
        /// except n % 1000 == 50, plus the conflicting rows n % 1000 == 0.
        /// </summary>
        public static (long Left, long Right, long Conflicting) Change(string leftPath, string rightPath, long rows)
        {
            long left = 0, right = 0, conflicting = 0;
            using (var connection = Open(leftPath))
            using (var transaction = connection.BeginTransaction())
            {
                for (long row = 100; row <= rows; row += 100)
                {
                    Update(connection, transaction, row, "+00 000 " + row.ToString("D7"), "2025-03-01T10:00:00Z");
                    left++;
                }

                transaction.Commit();
            }

            using (var connection = Open(rightPath))
            using (var transaction = connection.BeginTransaction())
            {
                for (long row = 50; row <= rows; row += 100)
                {
                    if (row % 1000 != 50)
                    {
                        Update(connection, transaction, row, "+99 999 " + row.ToString("D7"), "2025-03-02T10:00:00Z");
                        right++;
                    }
                }

                for (long row = 1000; row <= rows; row += 1000)
                {
                    Update(connection, transaction, row, "+99 999 " + row.ToString("D7"), "2025-03-02T10:00:00Z");
                    right++;
                    conflicting++;
                }

                transaction.Commit();
            }

            return (left, right, conflicting);
        }

        private static SqliteConnection Open(string path)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }

        private static void Update(SqliteConnection connection, SqliteTransaction transaction, long row, string phone, string modifiedAt)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"UPDATE {Table} SET Phone = $phone, ModifiedAt = $modified WHERE Email = $email";
            command.Parameters.AddWithValue("$phone", phone);
            command.Parameters.AddWithValue("$modified", modifiedAt);
            command.Parameters.AddWithValue("$email", SampleValues.Email(row));
            if (command.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException($"The customer '{SampleValues.Email(row)}' is not in '{connection.DataSource}'.");
            }
        }
    }
}
