using System;
using System.Collections.Generic;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// One entry per key for both sides and the baseline, in the order the keys were first added:
    /// the left side's read order, then keys only the right side has, then keys only the baseline has.
    /// Entries are 64-byte structs in arrays of fixed size, so nothing is copied when the index grows. The
    /// keys themselves live in a <see cref="PackedKeySet"/>, which numbers them in the same order.
    /// </summary>
    internal sealed class SyncIndex
    {
        private const int ChunkBits = 14;
        private const int ChunkSize = 1 << ChunkBits;
        private const int ChunkMask = ChunkSize - 1;

        private readonly PackedKeySet keys;
        private readonly List<KeyState[]> chunks = new List<KeyState[]>();
        private readonly List<KeyDetails> details = new List<KeyDetails>();

        public SyncIndex()
            : this(0)
        {
        }

        /// <summary>
        /// Creates an index sized for <paramref name="expectedKeys"/> keys, so that filling it does not
        /// replace the key table's arrays step by step. Large replaced arrays stay on the large object
        /// heap until a full collection, which raised the peak memory of a run. More keys than expected still fit.
        /// </summary>
        public SyncIndex(int expectedKeys)
        {
            keys = new PackedKeySet(expectedKeys);
        }

        public int Count => keys.Count;

        public ref KeyState this[int position] => ref chunks[position >> ChunkBits][position & ChunkMask];

        public bool TryFind(string key, out int position) => keys.TryFind(key, out position);

        /// <summary>Returns the normalized key at a position as a new string.</summary>
        public string KeyAt(int position) => keys.KeyAt(position);

        /// <summary>Records a side's entry for a key, replacing an earlier one. Returns false when the side already had the key.</summary>
        public bool SetSide(SyncSide side, string key, RecordKey ownKey, string hash, string? nativeId, bool matchedByKeyFields) =>
            SetSide(side, new IndexedRecord(key, ownKey, HashValue.Parse(hash), nativeId, matchedByKeyFields, null));

        /// <summary>Records a side's entry for a key from a record whose hash and key spelling are already worked out.</summary>
        public bool SetSide(SyncSide side, in IndexedRecord record)
        {
            var key = record.Key;
            var ownKey = record.OwnKey;
            var nativeId = record.NativeId;
            var matchedByKeyFields = record.MatchedByKeyFields;
            ref var state = ref this[Add(key)];
            var sideFlag = side == SyncSide.Left ? KeyFlags.Left : KeyFlags.Right;
            var matchedFlag = side == SyncSide.Left ? KeyFlags.LeftMatchedByKeyFields : KeyFlags.RightMatchedByKeyFields;
            var lowerFlag = side == SyncSide.Left ? KeyFlags.LeftLowerCase : KeyFlags.RightLowerCase;
            var isNew = !state.Has(sideFlag);
            state.Flags = (state.Flags | sideFlag) & ~(matchedFlag | lowerFlag);
            if (matchedByKeyFields)
            {
                state.Flags |= matchedFlag;
            }

            var value = record.Hash;
            RecordKey? ownKeyKept = null;
            if (record.Spelling == KeySpellingKind.LowerCase)
            {
                state.Flags |= lowerFlag;
            }
            else if (record.Spelling == KeySpellingKind.Kept)
            {
                ownKeyKept = ownKey;
            }

            var row = record.Row is > 0 and <= int.MaxValue ? (int)record.Row.Value : 0;
            if (side == SyncSide.Left)
            {
                state.LeftHigh = value.High;
                state.LeftLow = value.Low;
                state.LeftRow = row;
            }
            else
            {
                state.RightHigh = value.High;
                state.RightLow = value.Low;
                state.RightRow = row;
            }

            if (state.Details >= 0 || ownKeyKept != null || nativeId != null || value.Text != null)
            {
                var extra = DetailsOf(ref state);
                if (side == SyncSide.Left)
                {
                    extra.LeftKey = ownKeyKept;
                    extra.LeftId = nativeId;
                    extra.LeftHashText = value.Text;
                }
                else
                {
                    extra.RightKey = ownKeyKept;
                    extra.RightId = nativeId;
                    extra.RightHashText = value.Text;
                }
            }

            return isNew;
        }

        public void SetBaseline(string key, string displayKey, string hash, string? leftId, string? rightId)
        {
            ref var state = ref this[Add(key)];
            state.Flags = (state.Flags | KeyFlags.Baseline) & ~KeyFlags.BaselineLowerCase;
            var value = HashValue.Parse(hash);
            state.BaselineHigh = value.High;
            state.BaselineLow = value.Low;
            string? displayKept = null;
            if (IsLowerCaseDisplay(displayKey, key))
            {
                state.Flags |= KeyFlags.BaselineLowerCase;
            }
            else if (!string.Equals(displayKey, DisplayOf(key, lowerCase: false), StringComparison.Ordinal))
            {
                displayKept = displayKey;
            }

            if (state.Details >= 0 || displayKept != null || leftId != null || rightId != null || value.Text != null)
            {
                var extra = DetailsOf(ref state);
                extra.BaselineDisplayKey = displayKept;

                // The baseline's ids are usually the ids the sides just read; one string serves both.
                extra.BaselineLeftId = leftId != null && leftId == extra.LeftId ? extra.LeftId : leftId;
                extra.BaselineRightId = rightId != null && rightId == extra.RightId ? extra.RightId : rightId;
                extra.BaselineHashText = value.Text;
            }
        }

        public HashValue? LeftHash(int position)
        {
            ref var state = ref this[position];
            return state.Has(KeyFlags.Left) ? HashValue.FromParts(state.LeftHigh, state.LeftLow, DetailsOrNull(state)?.LeftHashText) : (HashValue?)null;
        }

        public HashValue? RightHash(int position)
        {
            ref var state = ref this[position];
            return state.Has(KeyFlags.Right) ? HashValue.FromParts(state.RightHigh, state.RightLow, DetailsOrNull(state)?.RightHashText) : (HashValue?)null;
        }

        public HashValue? BaselineHash(int position)
        {
            ref var state = ref this[position];
            return state.Has(KeyFlags.Baseline) ? HashValue.FromParts(state.BaselineHigh, state.BaselineLow, DetailsOrNull(state)?.BaselineHashText) : (HashValue?)null;
        }

        /// <summary>True when the side already has the key; <paramref name="row"/> is then the position of its record.</summary>
        public bool HasSide(string key, SyncSide side, out long? row)
        {
            row = null;
            if (!keys.TryFind(key, out var position) || !this[position].Has(side == SyncSide.Left ? KeyFlags.Left : KeyFlags.Right))
            {
                return false;
            }

            row = RowOf(position, side);
            return true;
        }

        /// <summary>Returns the position of a side's record in its first read, or null when the index has none.</summary>
        public long? RowOf(int position, SyncSide side)
        {
            var row = side == SyncSide.Left ? this[position].LeftRow : this[position].RightRow;
            return row > 0 ? row : (long?)null;
        }

        /// <summary>Returns the key as a side stores it, or null when the side lacks the key.</summary>
        public RecordKey? OwnKeyOf(int position, SyncSide side)
        {
            var state = this[position];
            var extra = DetailsOrNull(state);
            if (side == SyncSide.Left)
            {
                return state.Has(KeyFlags.Left) ? extra?.LeftKey ?? KeySpelling.Rebuild(KeyAt(position), state.Has(KeyFlags.LeftLowerCase)) : null;
            }

            return state.Has(KeyFlags.Right) ? extra?.RightKey ?? KeySpelling.Rebuild(KeyAt(position), state.Has(KeyFlags.RightLowerCase)) : null;
        }

        /// <summary>Returns the plan of one key as the engine prepares it, with the entries rebuilt from the index.</summary>
        public KeyPlan PlanAt(int position, IReadOnlyDictionary<string, ErpConflict> conflicts)
        {
            var state = this[position];
            var extra = DetailsOrNull(state);
            var key = KeyAt(position);
            SideEntry? left = null;
            SideEntry? right = null;
            Baseline? baseline = null;
            if (state.Has(KeyFlags.Left))
            {
                left = new SideEntry(extra?.LeftKey ?? KeySpelling.Rebuild(key, state.Has(KeyFlags.LeftLowerCase)), LeftHash(position)!.Value, extra?.LeftId)
                {
                    MatchedByKeyFields = state.Has(KeyFlags.LeftMatchedByKeyFields),
                };
            }

            if (state.Has(KeyFlags.Right))
            {
                right = new SideEntry(extra?.RightKey ?? KeySpelling.Rebuild(key, state.Has(KeyFlags.RightLowerCase)), RightHash(position)!.Value, extra?.RightId)
                {
                    MatchedByKeyFields = state.Has(KeyFlags.RightMatchedByKeyFields),
                };
            }

            if (state.Has(KeyFlags.Baseline))
            {
                baseline = new Baseline(key, extra?.BaselineDisplayKey ?? DisplayOf(key, state.Has(KeyFlags.BaselineLowerCase)), BaselineHash(position)!.Value, extra?.BaselineLeftId, extra?.BaselineRightId);
            }

            conflicts.TryGetValue(key, out var conflict);
            var plan = new KeyPlan(key, state.Step, left, right, baseline) { Conflict = conflict };
            if (state.Step is PlanStep.DeleteIgnored or PlanStep.DeleteSkipped or PlanStep.DeleteLeft or PlanStep.DeleteRight)
            {
                plan.DeletedOn = left != null ? SyncSide.Right : SyncSide.Left;
            }

            return plan;
        }

        private int Add(string key)
        {
            var position = keys.Add(key, out var added);
            if (!added)
            {
                return position;
            }

            if ((position >> ChunkBits) == chunks.Count)
            {
                chunks.Add(new KeyState[ChunkSize]);
            }

            this[position].Details = -1;
            return position;
        }

        private KeyDetails DetailsOf(ref KeyState state)
        {
            if (state.Details < 0)
            {
                state.Details = details.Count;
                details.Add(new KeyDetails());
            }

            return details[state.Details];
        }

        private KeyDetails? DetailsOrNull(in KeyState state) => state.Details < 0 ? null : details[state.Details];

        /// <summary>True when the display key reads as <see cref="DisplayOf"/> the lower-case form of the key, without making that form for an ASCII key.</summary>
        private static bool IsLowerCaseDisplay(string displayKey, string key) =>
            AsciiKey.IsAscii(key)
                ? AsciiKey.EqualsLowerCase(displayKey, key, '|')
                : string.Equals(displayKey, DisplayOf(key, lowerCase: true), StringComparison.Ordinal);

        /// <summary>Returns the key as <see cref="RecordKey.ToString"/> shows a key that <see cref="KeySpelling.Rebuild"/> made.</summary>
        private static string DisplayOf(string key, bool lowerCase)
        {
            var spelled = lowerCase ? key.ToLowerInvariant() : key;
            return spelled.IndexOf(RecordKey.PartSeparator) < 0 ? spelled : spelled.Replace(RecordKey.PartSeparator, '|');
        }
    }
}
