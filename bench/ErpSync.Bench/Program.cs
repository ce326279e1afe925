using System;
using System.Globalization;

namespace ErpSync.Bench
{
    /// <summary>
    /// Writes the benchmark data sets and profiles the shared engine stages. bench/run.ps1 calls it;
    /// every command is deterministic, so a size and a seed always give the same files.
    /// </summary>
    internal static class Program
    {
        private const string Usage =
            "Usage:\n" +
            "  ErpSync.Bench products-csv <path> <rows> [seed]\n" +
            "  ErpSync.Bench products-db <path> <rows> [seed]        (table products)\n" +
            "  ErpSync.Bench customers-db <path> <rows> [seed]       (table customers)\n" +
            "  ErpSync.Bench customers-change <left> <right> <rows>  (1% edits per side, 0.1% conflicting)\n" +
            "  ErpSync.Bench orders-db <path> <rows> [seed]          (table orders)\n" +
            "  ErpSync.Bench profile <products.csv> <products.db> <scratch.db>\n" +
            "  ErpSync.Bench profile-sync <left.db> <right.db> <state.db>\n" +
            "  ErpSync.Bench profile-broadcast <source.db> <state.db> <target.db>...\n" +
            "  ErpSync.Bench profile-aggregate <target.db> <state.db> <source.db>...\n" +
            "  ErpSync.Bench profile-migrate <products.csv> <target.db> <state.db> [batch size]";

        private static int Main(string[] args)
        {
            try
            {
                return Run(args);
            }
            catch (FormatException ex)
            {
                Console.Error.WriteLine($"Invalid number in the arguments: {ex.Message}\n{Usage}");
                return 2;
            }
        }

        private static int Run(string[] args)
        {
            switch (args.Length > 0 ? args[0] : string.Empty)
            {
                case "products-csv" when args.Length >= 3:
                    ProductData.WriteCsv(args[1], Rows(args[2]), Seed(args, 3));
                    return 0;
                case "products-db" when args.Length >= 3:
                    ProductData.WriteTable(args[1], "products", Rows(args[2]), Seed(args, 3));
                    return 0;
                case "customers-db" when args.Length >= 3:
                    CustomerData.WriteTable(args[1], Rows(args[2]), Seed(args, 3));
                    return 0;
                case "customers-change" when args.Length == 4:
                    var (left, right, conflicting) = CustomerData.Change(args[1], args[2], Rows(args[3]));
                    Console.WriteLine($"{left} {right} {conflicting}");
                    return 0;
                case "orders-db" when args.Length >= 3:
                    OrderData.WriteTable(args[1], Rows(args[2]), Seed(args, 3));
                    return 0;
                case "profile" when args.Length == 4:
                    CoreProfile.Run(args[1], args[2], args[3]);
                    return 0;
                case "profile-sync" when args.Length == 4:
                    EngineProfile.Sync(args[1], args[2], args[3]);
                    return 0;
                case "profile-broadcast" when args.Length >= 4:
                    EngineProfile.Broadcast(args[1], args[2], args[3..]);
                    return 0;
                case "profile-aggregate" when args.Length >= 4:
                    EngineProfile.Aggregate(args[1], args[2], args[3..]);
                    return 0;
                case "profile-migrate" when args.Length >= 4:
                    EngineProfile.Migrate(args[1], args[2], args[3], args.Length > 4 ? (int)Rows(args[4]) : 0);
                    return 0;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        private static long Rows(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

        private static int Seed(string[] args, int index) =>
            args.Length > index ? int.Parse(args[index], NumberStyles.None, CultureInfo.InvariantCulture) : 1;
    }
}
