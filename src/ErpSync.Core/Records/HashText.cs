using System;

namespace ErpSync.Core.Records
{
    /// <summary>A reusable character buffer that <see cref="ContentHasher"/> writes the canonical text of a record into.</summary>
    internal sealed class HashText
    {
        private char[] characters = new char[256];

        /// <summary>The buffer; only the first <see cref="Length"/> characters are the text.</summary>
        public char[] Characters => characters;

        public int Length { get; private set; }

        public void Clear() => Length = 0;

        public void Append(char value)
        {
            Reserve(1);
            characters[Length++] = value;
        }

        public void Append(string value)
        {
            Reserve(value.Length);
            value.CopyTo(0, characters, Length, value.Length);
            Length += value.Length;
        }

        /// <summary>
        /// Appends a UTC time in the canonical form of <see cref="CanonicalValue.Of"/>,
        /// yyyy-MM-ddTHH:mm:ss.fffffffZ, without formatting it through a culture.
        /// </summary>
        public void AppendUtc(DateTime utc)
        {
            Reserve(28);
            Digits(utc.Year, 4);
            characters[Length++] = '-';
            Digits(utc.Month, 2);
            characters[Length++] = '-';
            Digits(utc.Day, 2);
            characters[Length++] = 'T';
            Digits(utc.Hour, 2);
            characters[Length++] = ':';
            Digits(utc.Minute, 2);
            characters[Length++] = ':';
            Digits(utc.Second, 2);
            characters[Length++] = '.';
            Digits((int)(utc.Ticks % TimeSpan.TicksPerSecond), 7);
            characters[Length++] = 'Z';
        }

        private void Digits(int value, int count)
        {
            for (var i = count - 1; i >= 0; i--)
            {
                characters[Length + i] = (char)('0' + (value % 10));
                value /= 10;
            }

            Length += count;
        }

        private void Reserve(int count)
        {
            if (Length + count > characters.Length)
            {
                Array.Resize(ref characters, Math.Max(characters.Length * 2, Length + count));
            }
        }
    }
}
