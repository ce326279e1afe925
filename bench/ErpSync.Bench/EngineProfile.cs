using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;
using ErpSync.Core.State;

namespace ErpSync.Bench
{
    /// <summary>
    /// Runs one pattern engine in this process, without PowerShell, and prints each verbose message
    /// with the seconds since the start, then the wall time, CPU time and peak working set.
    /// </summary>
    internal static class EngineProfile
    {
        public static void Sync(string leftPath, string rightPath, string statePath)
        {
            var leftEndpoint = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.Customer), new SqliteEndpointOptions(leftPath) { Table = "customers" });
            var rightEndpoint = new SqliteEndpoint(new EndpointOptions("shop", BuiltInSchemas.Customer), new SqliteEndpointOptions(rightPath) { Table = "customers" });
            var readClock = Stopwatch.StartNew();
            for (var i = 0; i < 3; i++)
            {
                readClock.Restart();
                var count = System.Linq.Enumerable.Count(leftEndpoint.Read());
                Console.WriteLine($"read of the left side alone: {count} records in {readClock.Elapsed.TotalSeconds:0.000} s");
            }
            var clock = Stopwatch.StartNew();
            using var store = StateStore.Open(statePath);
            var options = new SyncOptions
            {
                ConflictPolicy = ConflictPolicy.LeftWins,
                JobName = "bench-sync",
                Log = message =>
                {
                    Print(clock, message);
                    if (message.StartsWith("Planned", StringComparison.Ordinal))
                    {
                        // The indexes of both sides, the baselines and the plan are all alive at this point.
                        Console.WriteLine($"live heap after planning: {GC.GetTotalMemory(forceFullCollection: true) / 1048576} MB");
                    }
                    else if (message.StartsWith("Writing", StringComparison.Ordinal))
                    {
                        // The queued writes of both sides, with their records and baselines, are alive here.
                        Console.WriteLine($"live heap before writing: {GC.GetTotalMemory(forceFullCollection: true) / 1048576} MB");
                    }
                },
            };
            var result = new SyncEngine(leftEndpoint, rightEndpoint, store, options).Run();
            Print(clock, $"Updated {result.UpdatedLeft} left, {result.UpdatedRight} right; adopted {result.Adopted}; conflicts {result.Conflicts}; unchanged {result.Unchanged}.");
            Summarize(clock);
        }

        public static void Broadcast(string sourcePath, string statePath, string[] targetPaths)
        {
            var source = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.Product), new SqliteEndpointOptions(sourcePath) { Table = "products" });
            var targets = new System.Collections.Generic.List<Endpoint>();
            for (var i = 0; i < targetPaths.Length; i++)
            {
                targets.Add(new SqliteEndpoint(
                    new EndpointOptions("shop" + (i + 1), BuiltInSchemas.Product),
                    new SqliteEndpointOptions(targetPaths[i]) { Table = "products", CreateTable = true }));
            }

            var clock = Stopwatch.StartNew();
            var options = new Core.Patterns.Broadcast.BroadcastOptions("bench-broadcast", source, targets) { StatePath = statePath };
            var engine = new Core.Patterns.Broadcast.BroadcastEngine(options);
            engine.Verbose += message => Print(clock, message);
            var results = engine.RunOnce(default);
            foreach (var result in results)
            {
                Print(clock, $"{result.Target}: delivered {result.Delivered}, failed {result.Failed}.");
            }

            Summarize(clock);
            TimeOutboxDecoding(statePath, source, targets[0]);
        }

        public static void Aggregate(string targetPath, string statePath, string[] sourcePaths)
        {
            var sources = new System.Collections.Generic.List<Endpoint>();
            for (var i = 0; i < sourcePaths.Length; i++)
            {
                sources.Add(new SqliteEndpoint(
                    new EndpointOptions("shop" + (i + 1), BuiltInSchemas.Order),
                    new SqliteEndpointOptions(sourcePaths[i]) { Table = "orders" }));
            }

            var options = new Core.Patterns.Aggregation.AggregationOptions(sources)
            {
                Target = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.Order), new SqliteEndpointOptions(targetPath) { Table = "orders", CreateTable = true }),
                StatePath = statePath,
                JobName = "bench-aggregate",
            };
            for (var i = 0; i < sources.Count; i++)
            {
                options.KeyPrefixes[sources[i].Name] = "S" + (i + 1) + "-";
            }

            var clock = Stopwatch.StartNew();
            var engine = new Core.Patterns.Aggregation.AggregationEngine(options);
            engine.Verbose += message => Print(clock, message.Length > 160 ? message.Substring(0, 160) : message);
            var result = engine.Run();
            Print(clock, result.ToString());
            Summarize(clock);
        }

        public static void Migrate(string csvPath, string targetPath, string statePath, int batchSize)
        {
            var source = new Core.Endpoints.Csv.CsvEndpoint(new EndpointOptions("products-csv", BuiltInSchemas.Product), new Core.Endpoints.Csv.CsvEndpointOptions(csvPath));
            var target = new SqliteEndpoint(new EndpointOptions("products-db", BuiltInSchemas.Product), new SqliteEndpointOptions(targetPath) { Table = "products", CreateTable = true });
            var clock = Stopwatch.StartNew();
            using var store = StateStore.Open(statePath);
            var options = new Core.Patterns.Migration.MigrationOptions("bench-migrate");
            if (batchSize > 0)
            {
                options.BatchSize = batchSize;
            }

            using var engine = new Core.Patterns.Migration.MigrationEngine(target, options, store);
            engine.Verbose += message => Print(clock, message);
            var result = engine.Run(source, null, default);
            Print(clock, $"read {result.Read}, created {result.Created}, updated {result.Updated}, unchanged {result.Unchanged}.");
            Summarize(clock);
        }

        /// <summary>Times turning the job's outbox entries back into records, the first step of every delivery.</summary>
        private static void TimeOutboxDecoding(string statePath, Endpoint source, Endpoint target)
        {
            using var store = StateStore.Open(statePath);
            var entries = new Core.Patterns.Broadcast.BroadcastState(store, "bench-broadcast").ReadAfter(0, int.MaxValue);
            var clock = Stopwatch.StartNew();
            foreach (var entry in entries)
            {
                Core.Patterns.Broadcast.OutboxFields.Deserialize(entry.Fields!, source.Schema);
            }

            Console.WriteLine($"decoding {entries.Count} outbox entries: {clock.Elapsed.TotalSeconds:0.000} s");
            clock.Restart();
            foreach (var entry in entries)
            {
                target.Builder.BuildFromFields(Core.Patterns.Broadcast.OutboxFields.Deserialize(entry.Fields!, source.Schema), null);
            }

            Console.WriteLine($"decoding and building {entries.Count} records: {clock.Elapsed.TotalSeconds:0.000} s");
        }

        // CPU time is printed beside the wall time because it varies less on a shared machine. The
        // calling thread's own CPU time shows how much of it a read-ahead thread took off that thread.
        private static void Print(Stopwatch clock, string message) =>
            Console.WriteLine($"{clock.Elapsed.TotalSeconds,7:0.000} s  CPU {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,6:0.000} s  this thread {ThreadCpuSeconds(),6:0.00} s  {message}");

        /// <summary>Returns the CPU seconds of the calling thread from /proc/thread-self/stat (Linux), or NaN elsewhere.</summary>
        private static double ThreadCpuSeconds()
        {
            const string statPath = "/proc/thread-self/stat";
            if (!File.Exists(statPath))
            {
                return double.NaN;
            }

            // The fields after the parenthesized thread name start at the state, which is field 3. The
            // fields utime and stime are 14 and 15, in clock ticks (USER_HZ, 100 per second on common Linux builds).
            var stat = File.ReadAllText(statPath);
            var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }

        private static void Summarize(Stopwatch clock)
        {
            var process = Process.GetCurrentProcess();
            process.Refresh();
            Console.WriteLine(
                $"wall {clock.Elapsed.TotalSeconds:0.000} s, CPU {process.TotalProcessorTime.TotalSeconds:0.000} s, " +
                $"peak working set {process.PeakWorkingSet64 / 1048576} MB, " +
                $"collections of generation 0/1/2: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() / 1048576} MB");
        }
    }
}
