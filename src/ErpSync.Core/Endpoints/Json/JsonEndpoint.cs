using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ErpSync.Core.Records;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Json
{
    /// <summary>
    /// A JSON file that contains an array of objects or one object per line (JSON Lines). Reads stream
    /// object by object. A map value that starts with '$' is a JSONPath into the object, such as
    /// <c>$.address.city</c>; other map values and unmapped properties are top-level property names.
    /// Unmapped nested objects and arrays become their JSON text. Writes replace the file atomically.
    /// </summary>
    public sealed class JsonEndpoint : Endpoint
    {
        public JsonEndpoint(EndpointOptions options, JsonEndpointOptions json)
            : base(options)
        {
            Json = json;
            foreach (var native in options.Map.EntityToNative.Values)
            {
                if (JsonFieldPath.IsPath(native))
                {
                    JsonFieldPath.Validate(native);
                }
            }
        }

        public JsonEndpointOptions Json { get; }

        public override string Kind => "Json";

        public override string Location => Json.Path;

        public override EndpointCapabilities Capabilities =>
            EndpointCapabilities.Read | EndpointCapabilities.Write |
            (Options.ModifiedField != null ? EndpointCapabilities.ReadChangedSince : EndpointCapabilities.None);

        public override IRecordWriter OpenWriter() => new JsonFileWriter(this);

        protected override IEnumerable<ReadItem> ReadRecords(DateTimeOffset? since, CancellationToken cancellationToken)
        {
            if (!File.Exists(Json.Path))
            {
                throw new ErpSyncException(ErrorIds.FileNotFound, $"The JSON file '{Json.Path}' does not exist. Check the path given to -Json.", kind: ErrorKind.ObjectNotFound);
            }

            var reader = new JsonFileReader(Json.Path, Json.Encoding);
            foreach (var element in reader.Read(cancellationToken))
            {
                if (element.Value == null)
                {
                    yield return ReadItem.Failed(new RecordError(ErrorIds.JsonInvalid, element.Problem ?? "The element is not an object.")
                    {
                        Source = Describe(),
                        Position = element.Line,
                    });
                    continue;
                }

                var item = CreateRecord(ToRow(element.Value), element.Line);
                if (since != null && item.Record != null && item.Record.ModifiedAt < since)
                {
                    continue;
                }

                yield return item;
            }
        }

        /// <summary>Returns the name/value pairs of one object: mapped paths first, then the top-level properties no path starts in.</summary>
        internal List<KeyValuePair<string, object?>> ToRow(JObject value)
        {
            var row = new List<KeyValuePair<string, object?>>();
            var pathRoots = new HashSet<string>(StringComparer.Ordinal);
            foreach (var native in Options.Map.EntityToNative.Values)
            {
                if (!JsonFieldPath.IsPath(native))
                {
                    continue;
                }

                row.Add(new KeyValuePair<string, object?>(native, ToValue(Select(value, native))));
                var root = JsonFieldPath.RootProperty(native);
                if (root != null)
                {
                    pathRoots.Add(root);
                }
            }

            foreach (var property in value.Properties())
            {
                if (!pathRoots.Contains(property.Name))
                {
                    row.Add(new KeyValuePair<string, object?>(property.Name, ToValue(property.Value)));
                }
            }

            return row;
        }

        private JToken? Select(JObject value, string path)
        {
            try
            {
                return value.SelectToken(path);
            }
            catch (JsonException ex)
            {
                throw new ErpSyncException(
                    ErrorIds.EndpointInvalid,
                    $"The JSONPath '{path}' in -Map of the {Describe()} cannot be used: {ex.Message} A mapped path must select one value.",
                    ex,
                    ErrorKind.InvalidArgument);
            }
        }

        /// <summary>Returns the value of a token as the schema's coercion expects it: scalars as themselves, objects and arrays as compact JSON text.</summary>
        internal static object? ToValue(JToken? token)
        {
            switch (token)
            {
                case null:
                    return null;
                case JValue scalar when scalar.Type == JTokenType.Null || scalar.Type == JTokenType.Undefined:
                    return null;
                case JValue scalar when scalar.Value is System.Numerics.BigInteger big:
                    return big.ToString(System.Globalization.CultureInfo.InvariantCulture);
                case JValue scalar:
                    return scalar.Value;
                default:
                    return token.ToString(Formatting.None);
            }
        }
    }
}
