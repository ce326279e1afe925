using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Performance
{
    /// <summary>
    /// Checks the content hash of records with dates, long and non-ASCII text against SHA-256 of the
    /// canonical text built with <see cref="CanonicalValue.Of"/>, which defines the stored hashes.
    /// </summary>
    public sealed class ContentHashTextTests
    {
        private static readonly DateTimeOffset[] Dates =
        {
            new DateTimeOffset(2024, 1, 1, 0, 1, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 4, 8, 15, 30, TimeSpan.FromHours(1)).AddTicks(1234567),
            new DateTimeOffset(2026, 3, 29, 1, 59, 59, TimeSpan.FromHours(-9.5)).AddTicks(1),
            new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(999, 7, 8, 9, 10, 11, TimeSpan.Zero).AddTicks(9999999),
            new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9999999),
            DateTimeOffset.MinValue,
            DateTimeOffset.MaxValue,
        };

        [Fact]
        public void Date_text_matches_canonical_value()
        {
            foreach (var date in Dates)
            {
                var text = new HashText();
                text.AppendUtc(date.UtcDateTime);

                Assert.Equal(CanonicalValue.Of(date), new string(text.Characters, 0, text.Length));
            }
        }

        [Fact]
        public void Hash_with_dates_matches_canonical_sha256()
        {
            foreach (var date in Dates)
            {
                var fields = Fields(("Email", "a@example.com"), ("ModifiedAt", date), ("Name", "Ann"), ("Stock", 4L), ("Note", null));

                Assert.Equal(Expected(fields), ContentHasher.Hash(fields));
            }
        }

        [Fact]
        public void Hash_of_long_unicode_text()
        {
            var fields = Fields(("Sku", "A-1"), ("Description", string.Concat(Enumerable.Repeat("Grüße 😀 ", 200))), ("Price", 12.50m), ("ModifiedAt", Dates[1]));

            Assert.Equal(Expected(fields), ContentHasher.Hash(fields));
            Assert.Equal(Expected(Fields(("Sku", "A-1"))), ContentHasher.Hash(Fields(("Sku", "A-1"))));
        }

        /// <summary>The expected value is SHA-256 of "EMAIL\u001Ea@example.com\u001FMODIFIEDAT\u001E2026-12-04T07:15:30.1234567Z\u001FNAME\u001EAnn\u001F", computed outside .NET.</summary>
        [Fact]
        public void Hash_of_pinned_record_with_date()
        {
            var fields = Fields(("Email", "a@example.com"), ("ModifiedAt", Dates[1]), ("Name", "Ann"));

            Assert.Equal("344547d946dda1721c65f39d98c2dc04", ContentHasher.Hash(fields));
        }

        /// <summary>Returns the first 16 bytes of SHA-256 over "NAME\u001Evalue\u001F" in sorted upper-case name order, as lower-case hex.</summary>
        private static string Expected(RecordFields fields)
        {
            var text = new StringBuilder();
            foreach (var name in fields.Names.Select(n => n.ToUpperInvariant()).Distinct().OrderBy(n => n, StringComparer.Ordinal))
            {
                text.Append(name).Append('\u001E').Append(CanonicalValue.Of(fields.Get(name))).Append('\u001F');
            }

            using var sha = SHA256.Create();
            var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
            return string.Concat(digest.Take(16).Select(b => b.ToString("x2")));
        }

        private static RecordFields Fields(params (string Name, object? Value)[] values)
        {
            var fields = new RecordFields();
            foreach (var (name, value) in values)
            {
                fields.Set(name, value);
            }

            return fields;
        }
    }
}
