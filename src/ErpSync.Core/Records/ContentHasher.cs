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
        private const string HexDigits = "0123456789abcdef";

        [ThreadStatic]
        private static HashBuffers? buffers;

        public static string Hash(RecordFields fields, IEnumerable<string>? onlyFields = null)
        {
            var state = buffers ??= new HashBuffers();
            var names = onlyFields == null
                ? state.AllFieldsOrder.For(fields.Names)
                : state.OnlyFieldsOrder.For(onlyFields as IReadOnlyList<string> ?? onlyFields.ToList());

            var text = state.Text;
            text.Clear();
            foreach (var name in names)
            {
                text.Append(name);
                text.Append('\u001E');
                var value = fields.Get(name);
                if (value is DateTimeOffset dateTime)
                {
                    text.AppendUtc(dateTime.UtcDateTime);
                }
                else
                {
                    text.Append(CanonicalValue.Of(value));
                }

                text.Append('\u001F');
            }

            return state.Hash(text);
        }

        /// <summary>Returns the first 16 bytes of the SHA-256 of the text, as lower-case hex.</summary>
        public static string HashText(string text)
        {
            var state = buffers ??= new HashBuffers();
            var buffer = state.Text;
            buffer.Clear();
            buffer.Append(text);
            return state.Hash(buffer);
        }

        /// <summary>The per-thread hash algorithm, buffers and name orders that spare each hash its allocations.</summary>
        private sealed class HashBuffers
        {
            private readonly SHA256 sha = SHA256.Create();
            private byte[] bytes = new byte[1024];

            public HashText Text { get; } = new HashText();

            public NameOrder AllFieldsOrder { get; } = new NameOrder();

            public NameOrder OnlyFieldsOrder { get; } = new NameOrder();

            public string Hash(HashText text)
            {
                var byteCount = Encoding.UTF8.GetMaxByteCount(text.Length);
                if (bytes.Length < byteCount)
                {
                    bytes = new byte[byteCount * 2];
                }

                var length = Encoding.UTF8.GetBytes(text.Characters, 0, text.Length, bytes, 0);
                var digest = sha.ComputeHash(bytes, 0, length);
                var hex = new char[32];
                for (var i = 0; i < 16; i++)
                {
                    hex[2 * i] = HexDigits[digest[i] >> 4];
                    hex[(2 * i) + 1] = HexDigits[digest[i] & 0xF];
                }

                return new string(hex);
            }
        }

        /// <summary>
        /// The hashed order of a list of field names: upper-cased, without duplicates, sorted ordinally.
        /// The records of one read share their field names, so the order of the last list is kept.
        /// </summary>
        private sealed class NameOrder
        {
            private string[] source = Array.Empty<string>();
            private string[] ordered = Array.Empty<string>();

            public string[] For(IReadOnlyList<string> names)
            {
                if (!SameAsSource(names))
                {
                    source = names.ToArray();
                    ordered = source
                        .Select(n => n.ToUpperInvariant())
                        .Distinct(StringComparer.Ordinal)
                        .OrderBy(n => n, StringComparer.Ordinal)
                        .ToArray();
                }

                return ordered;
            }

            private bool SameAsSource(IReadOnlyList<string> names)
            {
                if (names.Count != source.Length)
                {
                    return false;
                }

                for (var i = 0; i < source.Length; i++)
                {
                    if (!string.Equals(names[i], source[i], StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
