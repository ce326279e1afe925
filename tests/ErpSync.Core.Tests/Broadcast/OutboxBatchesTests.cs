using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.Core.Records;
using ErpSync.Core.State;
using Xunit;

namespace ErpSync.Core.Tests.Broadcast
{
    public sealed class OutboxBatchesTests : IDisposable
    {
        private const string Job = "batches";

        private readonly BroadcastFixture fixture = new BroadcastFixture();

        public void Dispose() => fixture.Dispose();

        [Fact]
        public void Targets_share_batch_until_each_took_it()
        {
            using var store = StateStore.Open(fixture.StatePath);
            var state = new BroadcastState(store, Job);
            Append(state, 3);
            var batches = Finished(new OutboxBatches(targetCount: 2, batchSize: 2, BuiltInSchemas.Product));

            var first = batches.Take(0, state);
            var second = batches.Take(0, state);
            var afterBoth = batches.Take(0, state);

            Assert.Equal(new[] { 1L, 2L }, first.Select(e => e.Sequence));
            Assert.Same(first, second);
            Assert.NotSame(first, afterBoth);
            Assert.Equal(new[] { 1L, 2L }, afterBoth.Select(e => e.Sequence));
            Assert.Equal("SKU-1", first[0].DecodedFields!.Get("Sku"));
            Assert.Equal(1.50m, first[0].DecodedFields!.Get("Price"));
            Assert.Equal(2L, first[1].DecodedFields!.Get("Stock"));
            Assert.Equal(new[] { 3L }, batches.Take(2, state).Select(e => e.Sequence));
        }

        [Fact]
        public void Damaged_fields_stay_undecoded()
        {
            using var store = StateStore.Open(fixture.StatePath);
            var state = new BroadcastState(store, Job);
            Append(state, 1);
            using (var transaction = store.BeginImmediate())
            {
                state.Append(new OutboxEntry { RecordKey = "SKU-2", DisplayKey = "SKU-2", Operation = OutboxOperation.Upsert, Fields = "{\"Sku\": \"SKU-2\", \"Price\": " }, transaction);
                state.Append(new OutboxEntry { RecordKey = "SKU-3", DisplayKey = "SKU-3", Operation = OutboxOperation.Delete }, transaction);
                transaction.Commit();
            }

            var entries = Finished(new OutboxBatches(targetCount: 1, batchSize: 10, BuiltInSchemas.Product)).Take(0, state);

            Assert.Equal(3, entries.Count);
            Assert.NotNull(entries[0].DecodedFields);
            Assert.Null(entries[1].DecodedFields);
            Assert.Null(entries[2].DecodedFields);
        }

        [Fact]
        public void Target_far_behind_reads_batch_again()
        {
            using var store = StateStore.Open(fixture.StatePath);
            var state = new BroadcastState(store, Job);
            Append(state, 10);
            var batches = Finished(new OutboxBatches(targetCount: 2, batchSize: 1, BuiltInSchemas.Product));

            // One target takes nine batches while the other takes none; four batches per target are kept.
            var oldest = batches.Take(0, state);
            for (var after = 1L; after < 8; after++)
            {
                batches.Take(after, state);
            }

            var newest = batches.Take(8, state);

            Assert.NotSame(oldest, batches.Take(0, state));
            Assert.Same(newest, batches.Take(8, state));
        }

        [Fact]
        public void Short_batch_waits_for_detection()
        {
            using var store = StateStore.Open(fixture.StatePath);
            var state = new BroadcastState(store, Job);
            Append(state, 2);
            var batches = new OutboxBatches(targetCount: 1, batchSize: 3, BuiltInSchemas.Product);
            batches.Appended(2);

            var take = TakeOnOwnConnection(batches, 0);
            var waited = !take.Wait(TimeSpan.FromMilliseconds(200));
            Append(state, 1, first: 3);
            batches.Appended(3);

            Assert.True(waited);
            Assert.Equal(new[] { 1L, 2L, 3L }, take.Result.Select(e => e.Sequence));
        }

        [Fact]
        public void Finished_detection_ends_short_batch()
        {
            using var store = StateStore.Open(fixture.StatePath);
            var state = new BroadcastState(store, Job);
            Append(state, 2);
            var batches = new OutboxBatches(targetCount: 1, batchSize: 3, BuiltInSchemas.Product);

            var take = TakeOnOwnConnection(batches, 0);
            var waited = !take.Wait(TimeSpan.FromMilliseconds(200));
            batches.DetectionFinished();

            Assert.True(waited);
            Assert.Equal(new[] { 1L, 2L }, take.Result.Select(e => e.Sequence));
        }

        [Fact]
        public void Stop_ends_waiting_take()
        {
            using var store = StateStore.Open(fixture.StatePath);
            var state = new BroadcastState(store, Job);
            Append(state, 2);
            var batches = new OutboxBatches(targetCount: 2, batchSize: 3, BuiltInSchemas.Product);

            var take = TakeOnOwnConnection(batches, 0);
            var waited = !take.Wait(TimeSpan.FromMilliseconds(200));
            batches.Stop();

            Assert.True(waited);
            Assert.Empty(take.Result);
            Assert.Empty(batches.Take(0, state));
        }

        private static OutboxBatches Finished(OutboxBatches batches)
        {
            batches.DetectionFinished();
            return batches;
        }

        /// <summary>Takes a batch on another thread with its own state connection, as a target's delivery does.</summary>
        private Task<List<OutboxEntry>> TakeOnOwnConnection(OutboxBatches batches, long after) =>
            Task.Run(() =>
            {
                using var store = StateStore.Open(fixture.StatePath);
                return batches.Take(after, new BroadcastState(store, Job));
            });

        private static void Append(BroadcastState state, int count, int first = 1)
        {
            using var transaction = state.Store.BeginImmediate();
            for (var i = first; i < first + count; i++)
            {
                var fields = new RecordFields();
                fields.Set("Sku", "SKU-" + i);
                fields.Set("Price", 1.50m);
                fields.Set("Stock", (long)i);
                state.Append(
                    new OutboxEntry
                    {
                        RecordKey = "SKU-" + i,
                        DisplayKey = "SKU-" + i,
                        Operation = OutboxOperation.Upsert,
                        Fields = OutboxFields.Serialize(fields),
                    },
                    transaction);
            }

            transaction.Commit();
        }
    }
}
