using System;
using System.Collections.Generic;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// Hands out the records of the keys that a plan needs while reading one side once more. A record
    /// read before its key is requested waits in memory. The plan requests keys in the left side's read
    /// order, so on the left, and on a right side read in the same order, no record waits.
    /// </summary>
    internal sealed class RecordLookup : IDisposable
    {
        private readonly Func<string, bool> needed;
        private readonly IEnumerator<KeyValuePair<string, ErpRecord>> records;
        private readonly Dictionary<string, ErpRecord> waiting = new Dictionary<string, ErpRecord>(StringComparer.Ordinal);
        private bool finished;

        public RecordLookup(Func<string, bool> needed, bool anyNeeded, IEnumerable<KeyValuePair<string, ErpRecord>> records)
        {
            this.needed = needed;
            this.records = records.GetEnumerator();
            finished = !anyNeeded;
        }

        /// <summary>Returns the record of a needed key, or null when the key is not needed or the side no longer has it.</summary>
        public ErpRecord? Take(string key)
        {
            if (!needed(key))
            {
                return null;
            }

            if (waiting.TryGetValue(key, out var early))
            {
                waiting.Remove(key);
                return early;
            }

            while (!finished && records.MoveNext())
            {
                var current = records.Current;
                if (string.Equals(current.Key, key, StringComparison.Ordinal))
                {
                    return current.Value;
                }

                waiting[current.Key] = current.Value;
            }

            finished = true;
            return null;
        }

        public void Dispose() => records.Dispose();
    }
}
