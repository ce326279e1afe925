using System;
using System.Globalization;
using System.IO;
using ErpSync.Core.Records;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>
    /// Writes a record's fields to JSON for the outbox and reads them back with their types. Decimals
    /// are written as invariant text so that 1.50 keeps its scale, date-times as ISO 8601 with their
    /// offset, and the reader restores types from the source schema.
    /// </summary>
    public static class OutboxFields
    {
        // Builders above this capacity are not kept, so one large record does not hold its memory for the thread's life.
        private const int MaxKeptCapacity = 64 * 1024;

        // The text of the last serialization on this thread, cleared and written again by the next.
        [ThreadStatic]
        private static StringWriter? reusedText;

        public static string Serialize(RecordFields fields)
        {
            var text = reusedText ?? new StringWriter(CultureInfo.InvariantCulture);
            reusedText = null;
            text.GetStringBuilder().Clear();
            using (var writer = new JsonTextWriter(text) { CloseOutput = false, ArrayPool = JsonCharPool.Instance })
            {
                writer.WriteStartObject();
                foreach (var field in fields)
                {
                    writer.WritePropertyName(field.Key);
                    WriteValue(writer, field.Value);
                }

                writer.WriteEndObject();
            }

            var json = text.ToString();
            if (text.GetStringBuilder().Capacity <= MaxKeptCapacity)
            {
                reusedText = text;
            }

            return json;
        }

        /// <summary>Reads fields back; a field the schema types gets that type, any other keeps its JSON type.</summary>
        public static RecordFields Deserialize(string json, EntitySchema schema)
        {
            object? sharedLayout = null;
            return Deserialize(json, schema, ref sharedLayout);
        }

        /// <summary>
        /// Reads fields back with the field layout of the entry read before, which <paramref name="sharedLayout"/>
        /// carries from call to call, so that entries of one source store only their values.
        /// </summary>
        internal static RecordFields Deserialize(string json, EntitySchema schema, ref object? sharedLayout)
        {
            // A streaming read: the entries of one delivery are decoded once per target, so a document
            // tree per entry was the larger part of a delivery's time.
            using var reader = new JsonTextReader(new StringReader(json))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
                ArrayPool = JsonCharPool.Instance,
            };
            if (!reader.Read() || reader.TokenType == JsonToken.Null)
            {
                throw new ErpSyncException(ErrorIds.StateStoreError, "An outbox entry has fields that are JSON null instead of an object. The state store may be damaged.");
            }

            if (reader.TokenType != JsonToken.StartObject)
            {
                throw new JsonReaderException($"An outbox entry has fields that are a JSON {reader.TokenType} instead of an object.");
            }

            var fields = sharedLayout == null ? new RecordFields() : RecordFields.Like(sharedLayout);
            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                var name = (string)reader.Value!;
                reader.Read();
                var type = schema.Find(name)?.Type;
                var value = reader.TokenType == JsonToken.String
                    ? ReadString((string)reader.Value!, type)
                    : ReadValue(JToken.ReadFrom(reader), type);
                fields.Set(name, value);
            }

            if (reader.TokenType != JsonToken.EndObject)
            {
                throw new JsonReaderException("An outbox entry has fields whose JSON ends before the object closes. The state store may be damaged.");
            }

            sharedLayout = fields.Count > 0 ? fields.ShareLayout() : null;
            return fields;
        }

        private static void WriteValue(JsonTextWriter writer, object? value)
        {
            switch (value)
            {
                case null:
                    writer.WriteNull();
                    break;
                case string s:
                    writer.WriteValue(s);
                    break;
                case bool b:
                    writer.WriteValue(b);
                    break;
                case decimal d:
                    writer.WriteValue(d.ToString(CultureInfo.InvariantCulture));
                    break;
                case double dbl:
                    writer.WriteValue(dbl.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case float f:
                    writer.WriteValue(f.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case long l:
                    writer.WriteValue(l);
                    break;
                case int i:
                    writer.WriteValue(i);
                    break;
                case DateTimeOffset dto:
                    writer.WriteValue(dto.ToString("o", CultureInfo.InvariantCulture));
                    break;
                case DateTime dt:
                    writer.WriteValue(dt.ToString("o", CultureInfo.InvariantCulture));
                    break;
                default:
                    writer.WriteValue(CanonicalValue.Of(value));
                    break;
            }
        }

        private static object? ReadValue(JToken token, FieldType? type)
        {
            if (token.Type == JTokenType.Null)
            {
                return null;
            }

            if (token.Type == JTokenType.String)
            {
                return ReadString((string)token!, type);
            }

            var text = token.ToString(Formatting.None);
            switch (type)
            {
                case FieldType.Decimal:
                    return decimal.Parse(text!, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
                case FieldType.Integer:
                    return long.Parse(text!, NumberStyles.Integer, CultureInfo.InvariantCulture);
                case FieldType.Boolean:
                    return token.Type == JTokenType.Boolean ? (bool)token : bool.Parse(text!);
                case FieldType.DateTime:
                    return DateTimeOffset.Parse(text!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                case FieldType.Text:
                    return text;
            }

            return token.Type switch
            {
                JTokenType.Integer => (long)token,
                JTokenType.Boolean => (bool)token,
                JTokenType.Float => (decimal)token,
                _ => text,
            };
        }

        private static object? ReadString(string text, FieldType? type)
        {
            switch (type)
            {
                case FieldType.Decimal:
                    return decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
                case FieldType.Integer:
                    return long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
                case FieldType.Boolean:
                    return bool.Parse(text);
                case FieldType.DateTime:
                    return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                default:
                    return text;
            }
        }
    }
}
