using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using ErpSync.Core.Records;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Json
{
    /// <summary>
    /// Applies writes to a JSON file. The existing objects are loaded once and changed in place, so
    /// properties a record does not carry keep their values; <see cref="Complete"/> writes a temporary
    /// file beside the original and renames it over the original. An array file is written as an
    /// indented array, a JSON Lines file as one compact object per line.
    /// </summary>
    internal sealed class JsonFileWriter : IRecordWriter
    {
        private readonly JsonEndpoint endpoint;
        private readonly List<JObject?> objects = new List<JObject?>();
        private readonly Dictionary<string, int> objectByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Encoding encoding;
        private readonly JsonFileFormat format;
        private bool completed;

        public JsonFileWriter(JsonEndpoint endpoint)
        {
            this.endpoint = endpoint;
            var path = endpoint.Json.Path;
            if (File.Exists(path) && new FileInfo(path).Length > 0)
            {
                var reader = new JsonFileReader(path, endpoint.Json.Encoding);
                LoadObjects(reader);
                encoding = reader.Encoding!;
                format = reader.Format;
            }
            else
            {
                encoding = endpoint.Json.Encoding ?? new UTF8Encoding(false);
                var extension = Path.GetExtension(path);
                format = string.Equals(extension, ".jsonl", StringComparison.OrdinalIgnoreCase) || string.Equals(extension, ".ndjson", StringComparison.OrdinalIgnoreCase)
                    ? JsonFileFormat.Lines
                    : JsonFileFormat.Array;
            }
        }

        public IReadOnlyList<WriteOutcome> WriteBatch(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken)
        {
            var outcomes = new List<WriteOutcome>(batch.Count);
            foreach (var operation in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcomes.Add(Apply(operation));
            }

            return outcomes;
        }

        public void Truncate(CancellationToken cancellationToken)
        {
            objects.Clear();
            objectByKey.Clear();
        }

        public void Complete()
        {
            if (completed)
            {
                return;
            }

            AtomicFile.Replace(endpoint.Json.Path, WriteFile);
            completed = true;
        }

        public void Dispose()
        {
        }

        private void LoadObjects(JsonFileReader reader)
        {
            foreach (var element in reader.Read(CancellationToken.None))
            {
                if (element.Value == null)
                {
                    // Rewriting the file would drop the element, and with it data the user may still need.
                    throw new ErpSyncException(
                        ErrorIds.JsonInvalid,
                        $"The JSON file '{endpoint.Json.Path}' cannot be rewritten because of line {element.Line}: {element.Problem} Fix or remove that element first.");
                }

                var index = objects.Count;
                objects.Add(element.Value);
                var record = endpoint.Builder.Build(endpoint.ToRow(element.Value), element.Line).Record;
                if (record != null && !objectByKey.ContainsKey(record.Key.Normalized))
                {
                    objectByKey.Add(record.Key.Normalized, index);
                }
            }
        }

        private WriteOutcome Apply(WriteOperation operation)
        {
            var exists = objectByKey.TryGetValue(operation.Key.Normalized, out var index);
            switch (operation.Kind)
            {
                case WriteKind.Delete:
                    if (!exists)
                    {
                        return WriteOutcome.Done(operation, WriteResultKind.NotFound);
                    }

                    objects[index] = null;
                    objectByKey.Remove(operation.Key.Normalized);
                    return WriteOutcome.Done(operation, WriteResultKind.Deleted);

                case WriteKind.Insert when exists:
                    return WriteOutcome.Failed(operation, Error(operation, ErrorIds.KeyExists, $"The key '{operation.Key}' already exists in the JSON file, so it was not inserted."));

                case WriteKind.Update when !exists:
                    return WriteOutcome.Failed(operation, Error(operation, ErrorIds.WriteFailed, $"The key '{operation.Key}' is not in the JSON file, so it was not updated."));
            }

            var record = operation.Record ?? throw new ArgumentException("A write other than a delete needs a record.", nameof(operation));
            var target = exists ? (JObject)objects[index]!.DeepClone() : new JObject();
            foreach (var field in record.Fields)
            {
                var native = endpoint.Options.Map.ToNativeName(field.Key);
                if (!JsonFieldPath.IsPath(native))
                {
                    target[native] = ToToken(field.Value, target[native]);
                    continue;
                }

                if (!JsonFieldPath.TrySet(target, native, ToToken(field.Value, target.SelectToken(native))))
                {
                    return WriteOutcome.Failed(operation, Error(
                        operation,
                        ErrorIds.WriteFailed,
                        $"The field '{field.Key}' cannot be written to '{native}': the path selects nothing and only paths of property names such as $.a.b can be created. Map the field to a simple path."));
                }
            }

            if (exists)
            {
                objects[index] = target;
                return WriteOutcome.Done(operation, WriteResultKind.Updated);
            }

            objectByKey[operation.Key.Normalized] = objects.Count;
            objects.Add(target);
            return WriteOutcome.Done(operation, WriteResultKind.Created);
        }

        /// <summary>Returns the JSON value of a field: decimals as exact numbers, date-times as ISO 8601 text with offset, and text that was a nested object or array as that JSON again.</summary>
        private JToken ToToken(object? value, JToken? existing)
        {
            switch (value)
            {
                case null:
                    return JValue.CreateNull();
                case string text when existing is JContainer && LooksLikeJson(text):
                    try
                    {
                        return JToken.Parse(text);
                    }
                    catch (JsonReaderException)
                    {
                        return new JValue(text);
                    }

                case string text:
                    return new JValue(text);
                case decimal number:
                    return new JValue(number);
                case long number:
                    return new JValue(number);
                case int number:
                    return new JValue(number);
                case bool flag:
                    return new JValue(flag);
                case DateTimeOffset moment:
                    return new JValue(moment.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
                case DateTime moment:
                    return new JValue(moment.ToString("o", CultureInfo.InvariantCulture));
                default:
                    return new JValue(endpoint.Options.Coercer.Format(value));
            }
        }

        private static bool LooksLikeJson(string text)
        {
            var trimmed = text.TrimStart();
            return trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal);
        }

        private RecordError Error(WriteOperation operation, string errorId, string message) =>
            new RecordError(errorId, message)
            {
                Source = endpoint.Describe(),
                Key = operation.Key.ToString(),
                Target = operation.Record,
                Kind = ErrorKind.WriteError,
            };

        private void WriteFile(string path)
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using (var writer = new StreamWriter(stream, encoding))
            {
                writer.NewLine = "\n";
                if (format == JsonFileFormat.Lines)
                {
                    WriteLines(writer);
                }
                else
                {
                    WriteArray(writer);
                }

                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
        }

        private void WriteLines(StreamWriter writer)
        {
            foreach (var value in objects)
            {
                if (value != null)
                {
                    writer.WriteLine(value.ToString(Formatting.None));
                }
            }
        }

        private void WriteArray(StreamWriter writer)
        {
            using var json = new JsonTextWriter(writer) { Formatting = Formatting.Indented, CloseOutput = false };
            json.WriteStartArray();
            foreach (var value in objects)
            {
                value?.WriteTo(json);
            }

            json.WriteEndArray();
            json.Flush();
            writer.WriteLine();
        }
    }
}
