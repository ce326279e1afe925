using System;
using System.Globalization;

namespace ErpSync.Bench
{
    /// <summary>
    /// Deterministic sample values: the same seed and row number give the same value in every run,
    /// so every workload and baseline reads the same data. System.Random with a seed does not
    /// promise the same sequence across .NET versions, so compare runs on one .NET version.
    /// </summary>
    internal sealed class SampleValues
    {
        public static readonly DateTimeOffset Epoch = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private static readonly string[] Adjectives =
            { "Steel", "Oak", "Compact", "Heavy-duty", "Organic", "Wireless", "Classic", "Stainless", "Foldable", "Premium", "Recycled", "Waterproof" };

        private static readonly string[] Nouns =
            { "Bolt", "Chair", "Kettle", "Lamp", "Backpack", "Drill", "Blanket", "Teapot", "Keyboard", "Shelf", "Bottle", "Jacket" };

        private static readonly string[] Categories =
            { "Hardware", "Furniture", "Kitchen", "Lighting", "Outdoor", "Tools", "Textiles", "Electronics" };

        private static readonly string[] Suppliers =
            { "Nordwind Supply", "Acme Wholesale", "Baltic Trading", "Iberia Imports", "Lakeside GmbH", "Meridian & Sons" };

        private static readonly string[] FirstNames =
            { "Anna", "Jonas", "Maria", "Lukas", "Sofia", "Pierre", "Elena", "Tomás", "Ingrid", "Noah", "Zoë", "Björn" };

        private static readonly string[] LastNames =
            { "Müller", "Schmidt", "Dubois", "García", "Rossi", "Nowak", "Johansson", "O'Brien", "Novák", "Jensen", "Silva", "Kowalski" };

        private static readonly string[] Cities =
            { "Berlin", "Lyon", "Madrid", "Milano", "Kraków", "Göteborg", "Dublin", "Brno", "Aarhus", "Porto", "Wien", "Gent" };

        private static readonly string[] Countries =
            { "DE", "FR", "ES", "IT", "PL", "SE", "IE", "CZ", "DK", "PT", "AT", "BE" };

        private static readonly string[] Statuses = { "pending", "processing", "shipped", "completed", "cancelled" };

        private static readonly string[] Currencies = { "EUR", "EUR", "EUR", "USD", "GBP" };

        private readonly int seed;

        public SampleValues(int seed)
        {
            this.seed = seed;
        }

        /// <summary>Returns a random source for one row: its values depend only on the seed and the row number.</summary>
        public Random ForRow(long row) => new Random(unchecked(seed * 1_000_003 + (int)row));

        public static string Sku(long row) => "SKU-" + row.ToString("D7", CultureInfo.InvariantCulture);

        public static string Email(long row) => "customer" + row.ToString("D7", CultureInfo.InvariantCulture) + "@example.com";

        public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        public static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

        public static string Money(Random random, int minCents, int maxCents) =>
            (random.Next(minCents, maxCents) / 100m).ToString("0.00", CultureInfo.InvariantCulture);

        public static string ProductName(Random random) => Pick(random, Adjectives) + " " + Pick(random, Nouns) + " " + random.Next(10, 99);

        /// <summary>Returns a description that sometimes contains commas, quotes or a line break, as real catalogue exports do.</summary>
        public static string Description(Random random)
        {
            var length = random.Next(10, 60);
            var text = $"Pack of {random.Next(1, 24)}, {Pick(random, Adjectives).ToLowerInvariant()} finish, {length} cm";
            switch (random.Next(20))
            {
                case 0:
                    return text + ", 6\" handle";
                case 1:
                    return text + "\nCare: wipe clean.";
                default:
                    return text + ". Ships in " + random.Next(1, 10) + " days.";
            }
        }

        public static string Category(Random random) => Pick(random, Categories);

        public static string Supplier(Random random) => Pick(random, Suppliers);

        public static string PersonName(Random random) => Pick(random, FirstNames) + " " + Pick(random, LastNames);

        public static string Company(Random random) => Pick(random, LastNames) + " " + Pick(random, new[] { "GmbH", "SARL", "S.L.", "Ltd", "AB", "s.r.o." });

        public static string Phone(Random random) => "+" + random.Next(30, 49) + " " + random.Next(100, 999) + " " + random.Next(100000, 9999999);

        public static string Street(Random random) => Pick(random, LastNames) + "straße " + random.Next(1, 200);

        public static string City(Random random) => Pick(random, Cities);

        public static string Country(Random random) => Pick(random, Countries);

        public static string PostalCode(Random random) => random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);

        public static string Status(Random random) => Pick(random, Statuses);

        public static string Currency(Random random) => Pick(random, Currencies);
    }
}
