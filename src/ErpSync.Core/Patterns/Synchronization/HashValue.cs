using System;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// A content hash as the sync index keeps it: the 32 lower-case hex digits of
    /// <see cref="Records.ContentHasher"/> as two 64-bit integers, 16 bytes where the text costs about
    /// 90. Any other text is kept as it is, so a hash of another form still compares and stores unchanged.
    /// </summary>
    internal readonly struct HashValue : IEquatable<HashValue>
    {
        private const string HexDigits = "0123456789abcdef";

        private readonly ulong high;
        private readonly ulong low;
        private readonly string? text;

        private HashValue(ulong high, ulong low, string? text)
        {
            this.high = high;
            this.low = low;
            this.text = text;
        }

        /// <summary>The first 16 hex digits; 0 when <see cref="Text"/> is set.</summary>
        public ulong High => high;

        /// <summary>The last 16 hex digits; 0 when <see cref="Text"/> is set.</summary>
        public ulong Low => low;

        /// <summary>The hash text when it is not 32 lower-case hex digits, else null.</summary>
        public string? Text => text;

        public static HashValue FromParts(ulong high, ulong low, string? text) => new HashValue(high, low, text);

        public static HashValue Parse(string hash)
        {
            if (hash.Length == 32 && TryReadHex(hash, 0, out var high) && TryReadHex(hash, 16, out var low))
            {
                return new HashValue(high, low, null);
            }

            return new HashValue(0, 0, hash);
        }

        public static bool operator ==(HashValue left, HashValue right) => left.Equals(right);

        public static bool operator !=(HashValue left, HashValue right) => !left.Equals(right);

        public bool Equals(HashValue other)
        {
            if (text == null && other.text == null)
            {
                return high == other.high && low == other.low;
            }

            return string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);
        }

        public override bool Equals(object? obj) => obj is HashValue other && Equals(other);

        public override int GetHashCode() => text?.GetHashCode() ?? (high ^ low).GetHashCode();

        /// <summary>Returns the hash as <see cref="Records.ContentHasher"/> wrote it.</summary>
        public override string ToString()
        {
            if (text != null)
            {
                return text;
            }

            var digits = new char[32];
            Write(high, digits, 0);
            Write(low, digits, 16);
            return new string(digits);
        }

        private static bool TryReadHex(string hash, int start, out ulong value)
        {
            value = 0;
            for (var i = start; i < start + 16; i++)
            {
                var c = hash[i];
                int digit;
                if (c >= '0' && c <= '9')
                {
                    digit = c - '0';
                }
                else if (c >= 'a' && c <= 'f')
                {
                    digit = c - 'a' + 10;
                }
                else
                {
                    return false;
                }

                value = (value << 4) | (uint)digit;
            }

            return true;
        }

        private static void Write(ulong value, char[] digits, int start)
        {
            for (var i = start + 15; i >= start; i--)
            {
                digits[i] = HexDigits[(int)(value & 0xF)];
                value >>= 4;
            }
        }
    }
}
