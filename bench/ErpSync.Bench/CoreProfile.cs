using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Records;

namespace ErpSync.Bench
{
    /// <summary>
    /// Times the stages that every engine shares, in this process and without PowerShell: reading a
    /// file or table into records, hashing them, and writing them to SQLite. Each stage is timed on
    /// its own, so the figures show where an engine's time goes.
    /// </summary>
    internal static class CoreProfile
    {
        public static void Run(string csvPath, string sqlitePath, string scratchPath)
        {
            var csv = new CsvEndpoint(new EndpointOptions("products", BuiltInSchemas.Product), new CsvEndpointOptions(csvPath));
            var table = new SqliteEndpoint(
                new EndpointOptions("products", BuiltInSchemas.Product),
                new SqliteEndpointOptions(sqlitePath) { Table = "products" });

            Time("CSV read into records", () => csv.Read().Count());
            Time("CSV read and content hash", () => csv.Read().Select(i => i.Record!.ContentHash).Count());
            Time("SQLite read into records", () => table.Read().Count());
            Time("SQLite read and content hash", () => table.Read().Select(i => i.Record!.ContentHash).Count());

            var records = csv.Read().Select(i => i.Record!).ToList();
            Time("content hash of records in memory", () => records.Select(r => ContentHasher.Hash(r.Fields)).Count());
            Time("SQLite upsert of records in memory, batches of 500", () => Write(records, scratchPath));
        }

        private static int Write(List<ErpRecord> records, string path)
        {
            System.IO.File.Delete(path);
            var target = new SqliteEndpoint(
                new EndpointOptions("target", BuiltInSchemas.Product),
                new SqliteEndpointOptions(path) { Table = "products", CreateTable = true });
            using var writer = target.OpenWriter();
            for (var start = 0; start < records.Count; start += 500)
            {
                var batch = records.Skip(start).Take(500)
                    .Select(r => new WriteOperation(WriteKind.Upsert, r.Key, r))
                    .ToList();
                writer.WriteBatch(batch, default);
            }

            writer.Complete();
            return records.Count;
        }

        private static void Time(string stage, Func<int> action)
        {
            // CPU time is printed beside the wall time because it varies less on a shared machine.
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var count = action();
            clock.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            Console.WriteLine(
                $"{stage}: {count} records, wall {clock.Elapsed.TotalSeconds:0.000} s, CPU {cpu.TotalSeconds:0.000} s " +
                $"({cpu.TotalMilliseconds * 1000 / count:0.0} µs CPU per record)");
        }
    }
}
