using System;
using System.Threading;
using ErpSync.Core.Patterns.Broadcast;
using ErpSync.Core.State;
using Xunit;

namespace ErpSync.Core.Tests.Broadcast
{
    /// <summary>
    /// The connections of one broadcast cycle queue for the state store's write transaction on a
    /// shared gate. A write commits its work, and a failed write rolls back and opens the gate.
    /// </summary>
    public sealed class StateWriteGateTests : IDisposable
    {
        private readonly BroadcastFixture fixture = new BroadcastFixture();

        public void Dispose() => fixture.Dispose();

        [Fact]
        public void Failed_write_rolls_back_and_opens_gate()
        {
            using var gate = new Semaphore(1, 1);
            using var first = StateStore.Open(fixture.StatePath);
            using var second = StateStore.Open(fixture.StatePath);
            var detection = new BroadcastState(first, "job", gate);
            var delivery = new BroadcastState(second, "job", gate);

            Assert.Throws<InvalidOperationException>(() => detection.Write(transaction =>
            {
                detection.SaveCursor("shop", 7, transaction);
                throw new InvalidOperationException("stop");
            }));
            delivery.Write(transaction => delivery.SaveCursor("shop", 3, transaction));

            Assert.Equal(3L, detection.LoadCursor("shop"));
            Assert.True(gate.WaitOne(0));
        }

        [Fact]
        public void Writes_from_two_threads_all_commit()
        {
            using var gate = new Semaphore(1, 1);
            using var first = StateStore.Open(fixture.StatePath);
            using var second = StateStore.Open(fixture.StatePath);
            var states = new[] { new BroadcastState(first, "job", gate), new BroadcastState(second, "job", gate) };

            var threads = new Thread[2];
            for (var i = 0; i < threads.Length; i++)
            {
                var state = states[i];
                var target = "shop" + i;
                threads[i] = new Thread(() =>
                {
                    for (var sequence = 1; sequence <= 200; sequence++)
                    {
                        var value = sequence;
                        state.Write(transaction => state.SaveCursor(target, value, transaction));
                    }
                });
                threads[i].Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }

            Assert.Equal(200L, states[0].LoadCursor("shop0"));
            Assert.Equal(200L, states[1].LoadCursor("shop1"));
        }
    }
}
