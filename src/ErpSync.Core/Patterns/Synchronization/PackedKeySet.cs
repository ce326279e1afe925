using System;
using System.Collections.Generic;
using System.Text;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// A set of keys that numbers each distinct key from 0 in the order it was added, and keeps the keys
    /// as UTF-8 bytes in shared 64 KB chunks with an open-addressing hash table of positions. By estimate, a
    /// 27-character e-mail key costs about 40 bytes here, and about 110 as a string with a dictionary entry.
    /// </summary>
    /// <remarks>
    /// Keys compare by ordinal, as <see cref="StringComparer.Ordinal"/> does. An unpaired surrogate is stored
    /// as the three bytes of its code unit (the WTF-8 form of UTF-8), so every string reads back unchanged.
    /// A lookup encodes the key as it compares, so it allocates nothing. Not safe for use by several threads.
    /// </remarks>
    internal sealed class PackedKeySet
    {
        // Byte chunks stay below the 85,000 bytes of the large object heap, so the collector compacts them.
        private const int ChunkBits = 16;
        private const int ChunkSize = 1 << ChunkBits;
        private const int MaxChunks = 1 << (31 - ChunkBits);
        private const int LocationChunkBits = 14;
        private const int LocationChunkSize = 1 << LocationChunkBits;
        private const int LocationChunkMask = LocationChunkSize - 1;
        private const int MinCapacity = 16;
        private const int MaxCapacity = 1 << 30;
        private const uint FnvOffsetBasis = 2166136261;
        private const uint FnvPrime = 16777619;

        private readonly List<byte[]> chunks = new List<byte[]>();
        private readonly List<int[]> locations = new List<int[]>();
        private readonly uint seed = (uint)Guid.NewGuid().GetHashCode();
        private int currentChunk = -1;
        private int used = ChunkSize;

        /// <summary>Per slot of the hash table, the key's position plus one, or 0 for an empty slot.</summary>
        private int[] slots;

        /// <summary>Per slot, 8 bits of the key's hash (1 to 255), or 0 for an empty slot. A probe for another key usually stops here.</summary>
        private byte[] tags;

        /// <summary>Creates a set whose hash table takes <paramref name="expectedKeys"/> keys without growing.</summary>
        public PackedKeySet(int expectedKeys = 0)
        {
            var capacity = MinCapacity;
            while (capacity / 2 < expectedKeys && capacity < MaxCapacity)
            {
                capacity *= 2;
            }

            slots = new int[capacity];
            tags = new byte[capacity];
        }

        public int Count { get; private set; }

        /// <summary>Finds a key. <paramref name="position"/> is then the number it got when added, or -1 when the set lacks it.</summary>
        public bool TryFind(string key, out int position)
        {
            var hash = HashOf(key, out var byteCount);
            var slot = FindSlot(key, hash, byteCount);
            position = slots[slot] - 1;
            return position >= 0;
        }

        /// <summary>Adds a key unless the set contains it. Returns the key's position, and <paramref name="added"/> is false for a key that was there.</summary>
        public int Add(string key, out bool added)
        {
            var hash = HashOf(key, out var byteCount);
            var slot = FindSlot(key, hash, byteCount);
            if (slots[slot] != 0)
            {
                added = false;
                return slots[slot] - 1;
            }

            if ((Count + 1) * 4L > slots.Length * 3L)
            {
                Grow();
                slot = FindSlot(key, hash, byteCount);
            }

            var position = Count;
            SetLocation(position, Store(key, byteCount));
            slots[slot] = position + 1;
            tags[slot] = TagOf(hash);
            Count++;
            added = true;
            return position;
        }

        /// <summary>Returns the key at a position as a new string.</summary>
        public string KeyAt(int position)
        {
            if ((uint)position >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(position), position, $"The set contains {Count} keys, so position {position} is out of range.");
            }

            var chunk = ChunkOf(position, out var offset);
            var length = ReadLength(chunk, ref offset);
            var ascii = true;
            for (var i = offset; i < offset + length; i++)
            {
                if (chunk[i] >= 0x80)
                {
                    ascii = false;
                    break;
                }
            }

            return ascii ? Encoding.ASCII.GetString(chunk, offset, length) : Decode(chunk, offset, length);
        }

        private int FindSlot(string key, uint hash, int byteCount)
        {
            var mask = slots.Length - 1;
            var tag = TagOf(hash);
            var slot = (int)(hash & (uint)mask);
            while (true)
            {
                var slotTag = tags[slot];
                if (slotTag == 0 || (slotTag == tag && Matches(slots[slot] - 1, key, byteCount)))
                {
                    return slot;
                }

                slot = (slot + 1) & mask;
            }
        }

        private bool Matches(int position, string key, int byteCount)
        {
            var chunk = ChunkOf(position, out var offset);
            if (ReadLength(chunk, ref offset) != byteCount)
            {
                return false;
            }

            for (var i = 0; i < key.Length;)
            {
                var c = key[i];
                if (c < 0x80)
                {
                    if (chunk[offset++] != c)
                    {
                        return false;
                    }

                    i++;
                    continue;
                }

                var count = Encode(key, ref i, out var packed);
                for (var b = 0; b < count; b++, packed >>= 8)
                {
                    if (chunk[offset++] != (byte)packed)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>Copies the key's bytes, after their length, into the current chunk or a new one. Returns where they start.</summary>
        private int Store(string key, int byteCount)
        {
            var needed = LengthSize(byteCount) + byteCount;
            byte[] chunk;
            int start;
            if (needed > ChunkSize)
            {
                // A key longer than a chunk gets a chunk of its own, and the current chunk stays open for the next keys.
                chunk = NewChunk(needed);
                start = (chunks.Count - 1) << ChunkBits;
            }
            else
            {
                if (used + needed > ChunkSize)
                {
                    NewChunk(ChunkSize);
                    currentChunk = chunks.Count - 1;
                    used = 0;
                }

                chunk = chunks[currentChunk];
                start = (currentChunk << ChunkBits) | used;
                used += needed;
            }

            var offset = start & (ChunkSize - 1);
            WriteLength(chunk, ref offset, byteCount);
            for (var i = 0; i < key.Length;)
            {
                var count = Encode(key, ref i, out var packed);
                for (var b = 0; b < count; b++, packed >>= 8)
                {
                    chunk[offset++] = (byte)packed;
                }
            }

            return start;
        }

        private byte[] NewChunk(int size)
        {
            if (chunks.Count == MaxChunks)
            {
                throw new InvalidOperationException($"The keys of one run exceed {(long)MaxChunks * ChunkSize / (1024 * 1024)} MB of UTF-8 text, the maximum that a sync or migration keeps in memory. Split the records into several jobs.");
            }

            var chunk = new byte[size];
            chunks.Add(chunk);
            return chunk;
        }

        private void SetLocation(int position, int location)
        {
            if ((position >> LocationChunkBits) == locations.Count)
            {
                locations.Add(new int[LocationChunkSize]);
            }

            locations[position >> LocationChunkBits][position & LocationChunkMask] = location;
        }

        private byte[] ChunkOf(int position, out int offset)
        {
            var location = locations[position >> LocationChunkBits][position & LocationChunkMask];
            offset = location & (ChunkSize - 1);
            return chunks[location >> ChunkBits];
        }

        /// <summary>Doubles the hash table and places every key again, from the hash of its stored bytes.</summary>
        private void Grow()
        {
            var capacity = slots.Length * 2;
            var mask = capacity - 1;
            var newSlots = new int[capacity];
            var newTags = new byte[capacity];
            for (var position = 0; position < Count; position++)
            {
                var chunk = ChunkOf(position, out var offset);
                var length = ReadLength(chunk, ref offset);
                var hash = Seal(HashBytes(SeedHash(), chunk, offset, length), length);
                var slot = (int)(hash & (uint)mask);
                while (newTags[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                newSlots[slot] = position + 1;
                newTags[slot] = TagOf(hash);
            }

            slots = newSlots;
            tags = newTags;
        }

        /// <summary>Hashes the key's bytes as <see cref="Store"/> writes them, without writing them anywhere.</summary>
        private uint HashOf(string key, out int byteCount)
        {
            var hash = SeedHash();
            byteCount = 0;
            for (var i = 0; i < key.Length;)
            {
                var c = key[i];
                if (c < 0x80)
                {
                    hash = (hash ^ (uint)c) * FnvPrime;
                    byteCount++;
                    i++;
                    continue;
                }

                var count = Encode(key, ref i, out var packed);
                byteCount += count;
                for (var b = 0; b < count; b++, packed >>= 8)
                {
                    hash = (hash ^ (packed & 0xFF)) * FnvPrime;
                }
            }

            return Seal(hash, byteCount);
        }

        private uint SeedHash() => FnvOffsetBasis ^ seed;

        private static uint HashBytes(uint hash, byte[] bytes, int offset, int length)
        {
            for (var i = offset; i < offset + length; i++)
            {
                hash = (hash ^ bytes[i]) * FnvPrime;
            }

            return hash;
        }

        /// <summary>Mixes the length into an FNV-1a hash and spreads every bit of it (the MurmurHash3 finalizer), since the table uses the low bits.</summary>
        private static uint Seal(uint hash, int length)
        {
            hash ^= (uint)length;
            hash ^= hash >> 16;
            hash *= 0x85EBCA6B;
            hash ^= hash >> 13;
            hash *= 0xC2B2AE35;
            hash ^= hash >> 16;
            return hash;
        }

        private static byte TagOf(uint hash) => (byte)(1 + ((hash >> 24) % 255));

        /// <summary>
        /// Encodes the code point at <paramref name="index"/> as UTF-8 and moves past it. Returns the number of
        /// bytes, packed first byte lowest. An unpaired surrogate takes the three bytes of its code unit.
        /// </summary>
        private static int Encode(string text, ref int index, out uint packed)
        {
            int c = text[index++];
            if (c < 0x80)
            {
                packed = (uint)c;
                return 1;
            }

            if (c < 0x800)
            {
                packed = (uint)(0xC0 | (c >> 6)) | ((uint)(0x80 | (c & 0x3F)) << 8);
                return 2;
            }

            if (c >= 0xD800 && c <= 0xDBFF && index < text.Length && text[index] >= 0xDC00 && text[index] <= 0xDFFF)
            {
                var codePoint = 0x10000 + ((c - 0xD800) << 10) + (text[index++] - 0xDC00);
                packed = (uint)(0xF0 | (codePoint >> 18))
                    | ((uint)(0x80 | ((codePoint >> 12) & 0x3F)) << 8)
                    | ((uint)(0x80 | ((codePoint >> 6) & 0x3F)) << 16)
                    | ((uint)(0x80 | (codePoint & 0x3F)) << 24);
                return 4;
            }

            packed = (uint)(0xE0 | (c >> 12)) | ((uint)(0x80 | ((c >> 6) & 0x3F)) << 8) | ((uint)(0x80 | (c & 0x3F)) << 16);
            return 3;
        }

        /// <summary>Decodes bytes that <see cref="Encode"/> wrote, so they are well formed.</summary>
        private static string Decode(byte[] bytes, int offset, int length)
        {
            var chars = new char[length];
            var count = 0;
            var end = offset + length;
            while (offset < end)
            {
                int lead = bytes[offset++];
                if (lead < 0x80)
                {
                    chars[count++] = (char)lead;
                }
                else if (lead < 0xE0)
                {
                    chars[count++] = (char)(((lead & 0x1F) << 6) | (bytes[offset++] & 0x3F));
                }
                else if (lead < 0xF0)
                {
                    chars[count++] = (char)(((lead & 0x0F) << 12) | ((bytes[offset++] & 0x3F) << 6) | (bytes[offset++] & 0x3F));
                }
                else
                {
                    var codePoint = ((lead & 0x07) << 18) | ((bytes[offset++] & 0x3F) << 12) | ((bytes[offset++] & 0x3F) << 6) | (bytes[offset++] & 0x3F);
                    codePoint -= 0x10000;
                    chars[count++] = (char)(0xD800 + (codePoint >> 10));
                    chars[count++] = (char)(0xDC00 + (codePoint & 0x3FF));
                }
            }

            return new string(chars, 0, count);
        }

        private static int LengthSize(int length)
        {
            var size = 1;
            while (length >= 0x80)
            {
                length >>= 7;
                size++;
            }

            return size;
        }

        /// <summary>Writes a length in 7-bit groups, lowest first, with the high bit set on every byte but the last.</summary>
        private static void WriteLength(byte[] bytes, ref int offset, int length)
        {
            var value = (uint)length;
            while (value >= 0x80)
            {
                bytes[offset++] = (byte)(value | 0x80);
                value >>= 7;
            }

            bytes[offset++] = (byte)value;
        }

        private static int ReadLength(byte[] bytes, ref int offset)
        {
            var length = 0;
            var shift = 0;
            byte next;
            do
            {
                next = bytes[offset++];
                length |= (next & 0x7F) << shift;
                shift += 7;
            }
            while ((next & 0x80) != 0);

            return length;
        }
    }
}
