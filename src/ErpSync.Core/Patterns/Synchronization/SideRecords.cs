using System;
using System.Collections.Generic;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// Hands out the records of one side that the plan needs, a chunk of planned keys at a time. Where
    /// the endpoint reads by key and the plan needs few of the side's keys, each chunk reads only its
    /// keys; otherwise the side is read once more from the start, as <see cref="RecordLookup"/> does.
    /// </summary>
    /// <remarks>
    /// A key that the read by key does not return switches the side to the full read from that chunk on.
    /// Such a key is a row deleted since the first read, or a key that the endpoint cannot address by its
    /// raw spelling, and the full read then finds the record, or finds it missing, as before.
    /// </remarks>
    internal sealed class SideRecords : IDisposable
    {
        /// <summary>
        /// A side is read by key when the plan needs at most this share of its keys. A row read by key
        /// costs an index search on top of the row, so a side whose plan needs most rows is read whole.
        /// The share is a cautious estimate, not a measured break-even.
        /// </summary>
        private const double MaxKeyedShare = 0.1;

        private readonly SideReader reader;
        private readonly SyncIndex index;
        private readonly SyncSide side;
        private readonly Func<PlanStep, SyncSide, bool> needs;
        private readonly Dictionary<string, ErpRecord> fetched = new Dictionary<string, ErpRecord>(StringComparer.Ordinal);
        private readonly bool anyNeeded;
        private readonly CancellationToken cancellationToken;
        private bool keyed;
        private RecordLookup? lookup;

        public SideRecords(SideReader reader, SyncIndex index, SyncSide side, IReadOnlyList<int> planned, Func<PlanStep, SyncSide, bool> needs, CancellationToken cancellationToken)
        {
            this.reader = reader;
            this.index = index;
            this.side = side;
            this.needs = needs;
            this.cancellationToken = cancellationToken;
            var needed = 0;
            foreach (var position in planned)
            {
                if (needs(index[position].Step, side))
                {
                    needed++;
                }
            }

            anyNeeded = needed > 0;
            keyed = anyNeeded
                && reader.KeysUnique
                && needed <= reader.Keys * MaxKeyedShare
                && reader.Endpoint.ReadByKeys(Array.Empty<RecordKey>(), cancellationToken) != null;
        }

        /// <summary>True while the side is read by key rather than from the start.</summary>
        public bool Keyed => keyed;

        /// <summary>Reads the records that the planned positions of a chunk need, when the side is read by key.</summary>
        public void Fetch(IReadOnlyList<int> chunk)
        {
            fetched.Clear();
            if (!keyed)
            {
                return;
            }

            var keys = new List<RecordKey>();
            var rows = new Dictionary<string, long?>(StringComparer.Ordinal);
            foreach (var position in chunk)
            {
                var ownKey = needs(index[position].Step, side) ? index.OwnKeyOf(position, side) : null;
                if (ownKey != null)
                {
                    keys.Add(ownKey);
                    rows[index.KeyAt(position)] = index.RowOf(position, side);
                }
            }

            foreach (var item in reader.Endpoint.ReadByKeys(keys, cancellationToken)!)
            {
                var record = item.Record;
                if (record == null)
                {
                    continue;
                }

                var key = reader.KeyOf(record);
                if (rows.TryGetValue(key, out var row) && !fetched.ContainsKey(key))
                {
                    record.Position = row;
                    fetched.Add(key, record);
                }
            }

            if (fetched.Count < rows.Count)
            {
                fetched.Clear();
                keyed = false;
                var from = chunk[0];
                lookup = reader.Lookup(key => IsNeeded(key, from), anyNeeded, cancellationToken);
            }
        }

        /// <summary>Returns the record of a planned key, or null when the plan does not need it or the side no longer has it.</summary>
        public ErpRecord? Take(int position, string key)
        {
            if (keyed)
            {
                return needs(index[position].Step, side) && fetched.TryGetValue(key, out var record) ? record : null;
            }

            lookup ??= reader.Lookup(k => IsNeeded(k, 0), anyNeeded, cancellationToken);
            return lookup.Take(key);
        }

        public void Dispose() => lookup?.Dispose();

        private bool IsNeeded(string key, int from) =>
            index.TryFind(key, out var position) && position >= from && needs(index[position].Step, side);
    }
}
