using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// Hashes the canonical values of a set of fields. Field names are compared case-insensitively and
    /// in sorted order, so the order of columns in a file does not change the hash.
    /// </summary>
    public static class ContentHasher
    {
        [ThreadStatic]
        private static SHA256? sha;

        public static string Hash(RecordFields fields, IEnumerable<string>? onlyFields = null)
        {
            var names = (onlyFields ?? fields.Names)
                .Select(n => n.ToUpperInvariant())
                .Distinct(StringComparer.Ordinal)
                .OrderBy(n => n, StringComparer.Ordinal);

            var builder = new StringBuilder(256);
            foreach (var name in names)
            {
                builder.Append(name).Append('\u001E');
                builder.Append(CanonicalValue.Of(fields.Get(name))).Append('\u001F');
            }

            return HashText(builder.ToString());
        }

        /// <summary>Returns the first 16 bytes of the SHA-256 of the text, as lower-case hex.</summary>
        public static string HashText(string text)
        {
            sha ??= SHA256.Create();
            var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            var hex = new StringBuilder(32);
            for (var i = 0; i < 16; i++)
            {
                hex.Append(digest[i].ToString("x2"));
            }

            return hex.ToString();
        }
    }
}
