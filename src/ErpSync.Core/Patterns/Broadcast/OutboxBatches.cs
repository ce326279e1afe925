using System;
using System.Collections.Generic;
using System.Threading;
using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>
    /// The outbox batches of one delivery cycle, read and decoded once for all targets. Targets whose
    /// cursors are equal ask for the same batches: the first to ask reads the batch on its own state
    /// connection and decodes its fields, while the others wait for it and then share it. A batch is
    /// dropped once every target has taken it, and at most <see cref="MaxBatchesPerTarget"/> batches
    /// per target are kept, so a target that falls further behind reads its batches itself.
    /// </summary>
    /// <remarks>
    /// Deliveries may start while change detection still appends to the outbox. A batch is then
    /// handed out only once it is full or detection has finished, so the batches, and with them the
    /// cursors and dead letters, are the same as when delivery starts after detection. No other run
    /// appends to the job's outbox meanwhile, because the job lock keeps it out, so the batch after a
    /// sequence is the same for every target. The targets share the decoded <see cref="RecordFields"/>,
    /// which no writer changes.
    /// </remarks>
    internal sealed class OutboxBatches
    {
        private const int MaxBatchesPerTarget = 4;

        private readonly int targetCount;
        private readonly int batchSize;
        private readonly EntitySchema sourceSchema;
        private readonly object gate = new object();

        // Batches by the sequence that they follow, sorted so that the oldest is dropped first.
        private readonly SortedDictionary<long, Slot> slots = new SortedDictionary<long, Slot>();

        // The entries that change detection has committed so far, whether it has finished, and whether the deliveries stop.
        private long appended;
        private bool detectionFinished;
        private bool stopped;

        public OutboxBatches(int targetCount, int batchSize, EntitySchema sourceSchema)
        {
            this.targetCount = targetCount;
            this.batchSize = batchSize;
            this.sourceSchema = sourceSchema;
        }

        /// <summary>Notes that change detection has committed entries, <paramref name="total"/> in all so far.</summary>
        public void Appended(long total)
        {
            lock (gate)
            {
                appended = total;
                Monitor.PulseAll(gate);
            }
        }

        /// <summary>Notes that change detection has committed its last entry, so a short batch is the end of the outbox.</summary>
        public void DetectionFinished()
        {
            lock (gate)
            {
                detectionFinished = true;
                Monitor.PulseAll(gate);
            }
        }

        /// <summary>Makes every waiting and later <see cref="Take"/> return no entries, so the deliveries end after the batch in hand.</summary>
        public void Stop()
        {
            lock (gate)
            {
                stopped = true;
                Monitor.PulseAll(gate);
            }
        }

        /// <summary>
        /// Returns the entries after a sequence, up to the batch size, with their fields decoded where
        /// they could be. While change detection runs, waits until the batch is full or detection has
        /// finished. Returns no entries once <see cref="Stop"/> was called.
        /// </summary>
        public List<OutboxEntry> Take(long after, BroadcastState state)
        {
            Slot slot;
            lock (gate)
            {
                while (true)
                {
                    if (stopped)
                    {
                        return new List<OutboxEntry>();
                    }

                    if (!slots.TryGetValue(after, out slot))
                    {
                        slot = new Slot();
                        slots.Add(after, slot);
                        DropOldest();
                        break;
                    }

                    if (slot.Entries != null)
                    {
                        return Taken(after, slot);
                    }

                    // Another target is reading this batch. It pulses when the batch is ready or the read failed.
                    Monitor.Wait(gate);
                }
            }

            List<OutboxEntry>? entries;
            try
            {
                entries = ReadWhole(after, state);
                if (entries != null)
                {
                    Decode(entries);
                }
            }
            catch
            {
                // The targets that wait for this batch read it themselves, so each meets the error on its own.
                lock (gate)
                {
                    slots.Remove(after);
                    Monitor.PulseAll(gate);
                }

                throw;
            }

            lock (gate)
            {
                if (entries == null)
                {
                    slots.Remove(after);
                    Monitor.PulseAll(gate);
                    return new List<OutboxEntry>();
                }

                slot.Entries = entries;
                Monitor.PulseAll(gate);
                return Taken(after, slot);
            }
        }

        /// <summary>Reads the batch after a sequence once it is full or detection has finished; returns null when stopped first.</summary>
        private List<OutboxEntry>? ReadWhole(long after, BroadcastState state)
        {
            while (true)
            {
                long appendedBefore;
                bool finished;
                lock (gate)
                {
                    appendedBefore = appended;
                    finished = detectionFinished;
                    if (stopped)
                    {
                        return null;
                    }
                }

                var entries = state.ReadAfter(after, batchSize);
                if (entries.Count >= batchSize || finished)
                {
                    return entries;
                }

                // Every entry committed after the count was taken follows the cursor, so the batch
                // can be full only once at least the missing number of entries has been committed since.
                var missing = batchSize - entries.Count;
                lock (gate)
                {
                    while (!detectionFinished && !stopped && appended - appendedBefore < missing)
                    {
                        Monitor.Wait(gate);
                    }
                }
            }
        }

        /// <summary>
        /// Decodes each entry's fields with the source's schema. An entry that fails to decode keeps no
        /// decoded fields, so each target decodes it again and meets the error in its own delivery.
        /// </summary>
        private void Decode(List<OutboxEntry> entries)
        {
            object? sharedLayout = null;
            foreach (var entry in entries)
            {
                if (entry.Fields == null)
                {
                    continue;
                }

                try
                {
                    entry.DecodedFields = OutboxFields.Deserialize(entry.Fields, sourceSchema, ref sharedLayout);
                }
                catch (Exception)
                {
                    // Whatever the failure, the entry stays undecoded, and each target's own decode throws it.
                }
            }
        }

        private List<OutboxEntry> Taken(long after, Slot slot)
        {
            slot.Takers++;
            if (slot.Takers >= targetCount)
            {
                slots.Remove(after);
            }

            return slot.Entries!;
        }

        /// <summary>Drops the oldest batch that no target is reading, once more are kept than the bound allows.</summary>
        private void DropOldest()
        {
            if (slots.Count <= MaxBatchesPerTarget * targetCount)
            {
                return;
            }

            foreach (var pair in slots)
            {
                if (pair.Value.Entries != null)
                {
                    slots.Remove(pair.Key);
                    return;
                }
            }
        }

        private sealed class Slot
        {
            /// <summary>The batch, or null while a target reads it.</summary>
            public List<OutboxEntry>? Entries { get; set; }

            public int Takers { get; set; }
        }
    }
}
