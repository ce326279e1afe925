using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Performance
{
    public sealed class ReadAheadTests
    {
        [Fact]
        public void Items_arrive_in_read_order()
        {
            var items = ReadAhead.Of(Enumerable.Range(1, 10_000), null, default, chunkSize: 7, depth: 2).ToList();

            Assert.Equal(Enumerable.Range(1, 10_000), items);
        }

        [Fact]
        public void First_item_is_read_on_caller_thread()
        {
            var source = new TrackedSource(3);
            var caller = Environment.CurrentManagedThreadId;

            var items = ReadAhead.Of(source, null, default, chunkSize: 1, depth: 1).ToList();

            Assert.Equal(new[] { 1, 2, 3 }, items);
            Assert.Equal(caller, source.Threads[0]);
            if (Environment.ProcessorCount > 1)
            {
                Assert.NotEqual(caller, source.Threads[1]);
            }
        }

        [Fact]
        public void Read_failure_comes_after_earlier_items()
        {
            var received = new List<int>();

            var error = Assert.Throws<InvalidDataException>(() =>
            {
                foreach (var item in ReadAhead.Of(FailingAt(1_001), null, default, chunkSize: 64, depth: 2))
                {
                    received.Add(item);
                }
            });

            Assert.Equal("row 1001", error.Message);
            Assert.Equal(Enumerable.Range(1, 1_000), received);
        }

        [Fact]
        public void Early_stop_disposes_read_after_thread_ends()
        {
            var source = new TrackedSource(1_000_000);

            var firstTen = ReadAhead.Of(source, null, default, chunkSize: 16, depth: 2).Take(10).ToList();

            Assert.Equal(Enumerable.Range(1, 10), firstTen);
            Assert.True(source.Disposed);
            Assert.False(source.ReadAfterDispose);
            Assert.True(source.Produced < 1_000, $"{source.Produced} items were read for 10 taken");
        }

        [Fact]
        public void Cancellation_stops_the_caller()
        {
            using var cancellation = new CancellationTokenSource();
            var source = new TrackedSource(1_000_000);
            var received = 0;

            Assert.ThrowsAny<OperationCanceledException>(() =>
            {
                foreach (var item in ReadAhead.Of(source, null, cancellation.Token, chunkSize: 16, depth: 2))
                {
                    if (++received == 100)
                    {
                        cancellation.Cancel();
                    }
                }
            });

            Assert.True(source.Disposed);
            Assert.True(received < 200, $"{received} items were received after the cancellation");
        }

        [Fact]
        public void Records_carry_content_hash()
        {
            using var folder = new TempFolder();
            var path = folder.Write("products.csv", "Sku,Name,Price\nA-1,Widget,1.50\nA-2,Gadget,2.00\nA-1,Again,3.00\n");
            var endpoint = new CsvEndpoint(new EndpointOptions("shop", BuiltInSchemas.Product), new CsvEndpointOptions(path));

            var direct = endpoint.Read().ToList();
            var ahead = ReadAhead.Of(endpoint.Read()).ToList();

            Assert.Equal(3, ahead.Count);
            Assert.Equal(direct[0].Record!.ContentHash, ahead[0].Record!.ContentHash);
            Assert.Equal(direct[1].Record!.ContentHash, ahead[1].Record!.ContentHash);
            Assert.Equal(ErrorIds.KeyDuplicate, ahead[2].Error!.ErrorId);
            Assert.Equal(4, ahead[2].Error!.Position);
        }

        private static IEnumerable<int> FailingAt(int failing)
        {
            for (var i = 1; ; i++)
            {
                if (i == failing)
                {
                    throw new InvalidDataException($"row {i}");
                }

                yield return i;
            }
        }

        /// <summary>A read of 1..count that records the thread of each item and whether it was read after its disposal.</summary>
        private sealed class TrackedSource : IEnumerable<int>
        {
            private readonly int count;

            public TrackedSource(int count) => this.count = count;

            public List<int> Threads { get; } = new List<int>();

            public int Produced { get; private set; }

            public bool Disposed { get; private set; }

            public bool ReadAfterDispose { get; private set; }

            public IEnumerator<int> GetEnumerator()
            {
                try
                {
                    for (var i = 1; i <= count; i++)
                    {
                        ReadAfterDispose |= Disposed;
                        lock (Threads)
                        {
                            Threads.Add(Environment.CurrentManagedThreadId);
                        }

                        Produced = i;
                        yield return i;
                    }
                }
                finally
                {
                    Disposed = true;
                }
            }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
