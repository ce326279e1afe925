namespace ErpSync.Bench
{
    /// <summary>Orders of one shop; every shop numbers its orders from 100001, so the shops' keys collide.</summary>
    internal static class OrderData
    {
        public const string Table = "orders";

        public static readonly (string Name, string Type)[] Columns =
        {
            ("OrderNumber", "TEXT"), ("CustomerEmail", "TEXT"), ("OrderDate", "TEXT"), ("Status", "TEXT"),
            ("Currency", "TEXT"), ("Total", "TEXT"), ("ModifiedAt", "TEXT"),
        };

        public static void WriteTable(string path, long rows, int seed)
        {
            var values = new SampleValues(seed);
            using var writer = new SqliteBulkWriter(path, Table, Columns, "OrderNumber");
            for (long row = 1; row <= rows; row++)
            {
                var random = values.ForRow(row);
                var placed = SampleValues.Epoch.AddSeconds(row * 30);
                writer.Add(
                    (100000 + row).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    SampleValues.Email(random.Next(1, 1_000_000)),
                    SampleValues.Timestamp(placed),
                    SampleValues.Status(random),
                    SampleValues.Currency(random),
                    SampleValues.Money(random, 500, 250000),
                    SampleValues.Timestamp(placed.AddHours(random.Next(1, 72))));
            }
        }
    }
}
