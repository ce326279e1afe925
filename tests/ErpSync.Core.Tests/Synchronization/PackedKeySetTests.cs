using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Synchronization
{
    public sealed class PackedKeySetTests
    {
        private static readonly Dictionary<string, ErpConflict> NoConflicts = new Dictionary<string, ErpConflict>();

        [Fact]
        public void Present_and_absent_keys()
        {
            var keys = new PackedKeySet();

            var chai = keys.Add("CHAI", out var chaiAdded);
            var chang = keys.Add("CHANG", out var changAdded);
            var again = keys.Add("CHAI", out var againAdded);

            Assert.Equal(0, chai);
            Assert.True(chaiAdded);
            Assert.Equal(1, chang);
            Assert.True(changAdded);
            Assert.Equal(0, again);
            Assert.False(againAdded);
            Assert.Equal(2, keys.Count);
            Assert.True(keys.TryFind("CHANG", out var found));
            Assert.Equal(1, found);
            Assert.False(keys.TryFind("CHA", out var missing));
            Assert.Equal(-1, missing);
            Assert.False(keys.TryFind("CHAIS", out _));
            Assert.False(keys.TryFind("", out _));
            Assert.Equal("CHAI", keys.KeyAt(0));
            Assert.Equal("CHANG", keys.KeyAt(1));
        }

        [Fact]
        public void Empty_key_is_a_key()
        {
            var keys = new PackedKeySet();

            keys.Add("A", out _);
            var empty = keys.Add("", out var added);

            Assert.True(added);
            Assert.Equal(1, empty);
            Assert.True(keys.TryFind("", out var found));
            Assert.Equal(1, found);
            Assert.Equal("", keys.KeyAt(1));
        }

        [Fact]
        public void Growth_keeps_positions_and_text()
        {
            // 100,000 keys outgrow the table of 16 slots many times, the 64 KB byte chunks and the 16,384 positions of a location chunk.
            var keys = new PackedKeySet();
            const int count = 100_000;

            for (var i = 0; i < count; i++)
            {
                Assert.Equal(i, keys.Add(KeyText(i), out var added));
                Assert.True(added);
            }

            Assert.Equal(count, keys.Count);
            for (var i = 0; i < count; i++)
            {
                Assert.True(keys.TryFind(KeyText(i), out var position));
                Assert.Equal(i, position);
                Assert.Equal(KeyText(i), keys.KeyAt(i));
            }

            Assert.False(keys.TryFind(KeyText(count), out _));
            Assert.Equal(7, keys.Add(KeyText(7), out var addedAgain));
            Assert.False(addedAgain);
            Assert.Equal(count, keys.Count);
        }

        [Fact]
        public void Sized_set_finds_keys_past_its_size()
        {
            var keys = new PackedKeySet(expectedKeys: 10);

            for (var i = 0; i < 1000; i++)
            {
                keys.Add(KeyText(i), out _);
            }

            Assert.True(keys.TryFind(KeyText(999), out var position));
            Assert.Equal(999, position);
            Assert.Equal(1000, keys.Count);
        }

        [Fact]
        public void Non_ascii_keys_round_trip()
        {
            var texts = new[]
            {
                "MÜLLER",
                "MULLER",
                "ÆØÅ-7",
                "東京-1001",
                "€",
                "😀",
                "A😀B",
                "\uD800",
                "\uFFFD",
                "A\uDC00B",
                "\uD83D",
                "\uD83DX",
                "\uDE00\uD83D",
                "\u0000",
                "ԱԲԳ",
            };
            var keys = new PackedKeySet();

            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(i, keys.Add(texts[i], out var added));
                Assert.True(added);
            }

            for (var i = 0; i < texts.Length; i++)
            {
                Assert.True(keys.TryFind(texts[i], out var position));
                Assert.Equal(i, position);
                Assert.Equal(texts[i], keys.KeyAt(i));
            }

            Assert.False(keys.TryFind("MÜLLE", out _));
            Assert.False(keys.TryFind("\uDC00", out _));
            Assert.False(keys.TryFind("東京-1002", out _));
        }

        [Fact]
        public void Key_longer_than_a_chunk_round_trips()
        {
            var keys = new PackedKeySet();
            var longKey = new string('Ü', 40_000);

            keys.Add("BEFORE", out _);
            keys.Add(longKey, out _);
            keys.Add("AFTER", out _);

            Assert.True(keys.TryFind(longKey, out var position));
            Assert.Equal(1, position);
            Assert.Equal(longKey, keys.KeyAt(1));
            Assert.True(keys.TryFind("BEFORE", out var before));
            Assert.Equal(0, before);
            Assert.True(keys.TryFind("AFTER", out var after));
            Assert.Equal(2, after);
            Assert.False(keys.TryFind(longKey.Substring(1), out _));
        }

        [Fact]
        public void Keys_differing_in_case_are_distinct()
        {
            var keys = new PackedKeySet();

            keys.Add("ANNA@EXAMPLE.COM", out _);
            keys.Add("anna@example.com", out _);

            Assert.Equal(2, keys.Count);
            Assert.True(keys.TryFind("anna@example.com", out var lower));
            Assert.Equal(1, lower);
            Assert.False(keys.TryFind("Anna@example.com", out _));
        }

        [Fact]
        public void Index_joins_keys_that_normalize_alike()
        {
            var index = new SyncIndex();
            var leftKey = new RecordKey(new[] { "Anna@Example.com" }, KeyNormalization.Default);
            var rightKey = new RecordKey(new[] { "anna@example.com" }, KeyNormalization.Default);
            var umlautKey = new RecordKey(new[] { "müller" }, KeyNormalization.Default);
            var sharpSKey = new RecordKey(new[] { "straße" }, KeyNormalization.Default);
            var doubleSKey = new RecordKey(new[] { "STRASSE" }, KeyNormalization.Default);

            index.SetSide(SyncSide.Left, leftKey.Normalized, leftKey, ContentHasher.HashText("a"), null, false);
            index.SetSide(SyncSide.Right, rightKey.Normalized, rightKey, ContentHasher.HashText("a"), null, false);
            index.SetSide(SyncSide.Left, umlautKey.Normalized, umlautKey, ContentHasher.HashText("a"), null, false);
            index.SetSide(SyncSide.Left, sharpSKey.Normalized, sharpSKey, ContentHasher.HashText("a"), null, false);
            index.SetSide(SyncSide.Right, doubleSKey.Normalized, doubleSKey, ContentHasher.HashText("a"), null, false);
            var anna = index.PlanAt(0, NoConflicts);

            Assert.Equal(4, index.Count);
            Assert.Equal("ANNA@EXAMPLE.COM", anna.Key);
            Assert.Same(leftKey, anna.Left!.OwnKey);
            Assert.NotSame(rightKey, anna.Right!.OwnKey);
            Assert.Equal(new[] { "anna@example.com" }, anna.Right.OwnKey.RawParts);
            Assert.True(index.TryFind("MÜLLER", out var umlaut));
            Assert.Equal(1, umlaut);
            Assert.Equal(new[] { "müller" }, index.OwnKeyOf(1, SyncSide.Left)!.RawParts);
            Assert.Equal("STRAßE", index.KeyAt(2));
            Assert.Equal("STRASSE", index.KeyAt(3));
        }

        [Fact]
        public void Key_state_is_64_bytes()
        {
            Assert.Equal(64, Unsafe.SizeOf<KeyState>());
        }

        private static string KeyText(int i) => "CUSTOMER" + i.ToString("D7", CultureInfo.InvariantCulture) + "@EXAMPLE.COM";
    }
}
