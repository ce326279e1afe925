using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Json
{
    /// <summary>
    /// Streams the objects of a JSON file, one at a time, from an array or from JSON Lines. The first
    /// character that is not white space decides: '[' is an array, anything else is JSON Lines.
    /// Numbers are read as decimals and date-like strings stay strings, so values reach the schema's
    /// coercion exactly as written.
    /// </summary>
    internal sealed class JsonFileReader
    {
        private readonly string path;
        private readonly Encoding? configuredEncoding;

        public JsonFileReader(string path, Encoding? configuredEncoding)
        {
            this.path = path;
            this.configuredEncoding = configuredEncoding;
        }

        /// <summary>The encoding the file was read with; set by <see cref="Read"/>.</summary>
        public Encoding? Encoding { get; private set; }

        /// <summary>The layout of the file; set by <see cref="Read"/>.</summary>
        public JsonFileFormat Format { get; private set; }

        public IEnumerable<JsonFileItem> Read(CancellationToken cancellationToken)
        {
            var encoding = FileEncoding.Detect(path, configuredEncoding, out _);
            Encoding = encoding;
            Format = DetectFormat(encoding);
            using var reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: false);
            var items = Format == JsonFileFormat.Array ? ReadArray(reader, cancellationToken) : ReadLines(reader, cancellationToken);
            foreach (var item in items)
            {
                yield return item;
            }
        }

        /// <summary>Returns the layout of the file from its first character that is not white space; an empty file counts as JSON Lines.</summary>
        public JsonFileFormat DetectFormat(Encoding encoding)
        {
            using var reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: false);
            try
            {
                int next;
                while ((next = reader.Read()) >= 0)
                {
                    var character = (char)next;
                    if (character != '\uFEFF' && !char.IsWhiteSpace(character))
                    {
                        return character == '[' ? JsonFileFormat.Array : JsonFileFormat.Lines;
                    }
                }

                return JsonFileFormat.Lines;
            }
            catch (DecoderFallbackException ex)
            {
                throw EncodingError(ex, 1);
            }
        }

        private IEnumerable<JsonFileItem> ReadArray(StreamReader reader, CancellationToken cancellationToken)
        {
            using var json = CreateReader(reader);
            Advance(json);
            if (json.TokenType != JsonToken.StartArray)
            {
                throw Invalid(json.LineNumber, "the file does not start with '['");
            }

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Advance(json);
                switch (json.TokenType)
                {
                    case JsonToken.EndArray:
                        EnsureEnd(json);
                        yield break;
                    case JsonToken.Comment:
                        continue;
                    case JsonToken.StartObject:
                        var line = json.LineNumber;
                        yield return new JsonFileItem(LoadObject(json), line, null);
                        break;
                    default:
                        var elementLine = json.LineNumber;
                        json.Skip();
                        yield return new JsonFileItem(null, elementLine, $"The array element at line {elementLine} is a JSON {Describe(json.TokenType)}, not an object, so it was skipped.");
                        break;
                }
            }
        }

        private IEnumerable<JsonFileItem> ReadLines(StreamReader reader, CancellationToken cancellationToken)
        {
            long lineNumber = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string? line;
                try
                {
                    line = reader.ReadLine();
                }
                catch (DecoderFallbackException ex)
                {
                    throw EncodingError(ex, lineNumber + 1);
                }

                if (line == null)
                {
                    yield break;
                }

                lineNumber++;
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                yield return ParseLine(line, lineNumber);
            }
        }

        private static JsonFileItem ParseLine(string line, long lineNumber)
        {
            try
            {
                using var json = CreateReader(new StringReader(line));
                json.Read();
                if (json.TokenType != JsonToken.StartObject)
                {
                    return new JsonFileItem(null, lineNumber, $"Line {lineNumber} holds a JSON {Describe(json.TokenType)}, not an object, so it was skipped. Each line of a JSON Lines file holds one object.");
                }

                var value = JObject.Load(json);
                while (json.Read())
                {
                    if (json.TokenType != JsonToken.Comment)
                    {
                        return new JsonFileItem(null, lineNumber, $"Line {lineNumber} has text after its object, so it was skipped. Each line of a JSON Lines file holds exactly one object.");
                    }
                }

                return new JsonFileItem(value, lineNumber, null);
            }
            catch (JsonReaderException ex)
            {
                return new JsonFileItem(null, lineNumber, $"Line {lineNumber} is not valid JSON at position {ex.LinePosition}: {FirstSentence(ex.Message)} The line was skipped.");
            }
        }

        private JObject LoadObject(JsonTextReader json)
        {
            try
            {
                return JObject.Load(json);
            }
            catch (JsonReaderException ex)
            {
                throw Invalid(ex.LineNumber, FirstSentence(ex.Message), ex);
            }
            catch (DecoderFallbackException ex)
            {
                throw EncodingError(ex, json.LineNumber);
            }
        }

        private void Advance(JsonTextReader json)
        {
            try
            {
                if (!json.Read())
                {
                    throw Invalid(json.LineNumber, "the array is not closed with ']'");
                }
            }
            catch (JsonReaderException ex)
            {
                throw Invalid(ex.LineNumber, FirstSentence(ex.Message), ex);
            }
            catch (DecoderFallbackException ex)
            {
                throw EncodingError(ex, json.LineNumber);
            }
        }

        private void EnsureEnd(JsonTextReader json)
        {
            try
            {
                while (json.Read())
                {
                    if (json.TokenType != JsonToken.Comment)
                    {
                        throw Invalid(json.LineNumber, "there is more after the closing ']'");
                    }
                }
            }
            catch (JsonReaderException ex)
            {
                throw Invalid(ex.LineNumber, FirstSentence(ex.Message), ex);
            }
        }

        internal static JsonTextReader CreateReader(TextReader reader) =>
            new JsonTextReader(reader)
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
                CloseInput = false,
            };

        private ErpSyncException Invalid(long line, string reason, Exception? inner = null) =>
            new ErpSyncException(
                ErrorIds.JsonInvalid,
                $"The JSON file '{path}' is not valid at line {line}: {reason.TrimEnd('.')}. Fix the file; no records were read after this point.",
                inner);

        private ErpSyncException EncodingError(DecoderFallbackException ex, long line) =>
            new ErpSyncException(
                ErrorIds.FileEncodingInvalid,
                $"The JSON file '{path}' is not valid {Encoding?.WebName ?? "utf-8"} at line {(Encoding == null ? null : FileEncoding.FindInvalidLine(path, Encoding)) ?? line}. Pass its encoding with -Encoding, or save it as UTF-8.",
                ex);

        private static string Describe(JsonToken token) => token switch
        {
            JsonToken.StartArray => "array",
            JsonToken.String => "string",
            JsonToken.Integer => "number",
            JsonToken.Float => "number",
            JsonToken.Boolean => "boolean",
            JsonToken.Null => "null",
            _ => token.ToString().ToLowerInvariant(),
        };

        // Newtonsoft appends "Path '...', line N, position M." to its messages; the caller names the line itself.
        private static string FirstSentence(string message)
        {
            var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
            return cut > 0 ? message.Substring(0, cut) : message;
        }
    }
}
