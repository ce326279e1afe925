using System;
using System.Globalization;
using ErpSync.Core.Endpoints.Http;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Tryton
{
    /// <summary>
    /// Tryton's JSON-RPC encoding of values JSON has no type for: decimals travel as
    /// {"__class__": "Decimal", "decimal": "19.90"} and date-times as their parts in UTC.
    /// </summary>
    public static class TrytonValues
    {
        public static JObject FromDecimal(decimal value) => new JObject
        {
            ["__class__"] = "Decimal",
            ["decimal"] = value.ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>Reads a decimal from its Tryton form, or from a plain JSON number parsed as decimal.</summary>
        public static decimal? ToDecimal(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null)
            {
                return null;
            }

            if (token is JObject encoded && (string?)encoded["__class__"] == "Decimal")
            {
                return decimal.Parse((string)encoded["decimal"]!, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
            }

            if (token.Type == JTokenType.Integer || token.Type == JTokenType.Float)
            {
                return decimal.Parse(token.ToString(Newtonsoft.Json.Formatting.None), NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            throw new FormatException($"Tryton sent '{token}' where a decimal was expected.");
        }

        public static JObject FromDateTime(DateTimeOffset value)
        {
            var utc = value.UtcDateTime;
            return new JObject
            {
                ["__class__"] = "datetime",
                ["year"] = utc.Year,
                ["month"] = utc.Month,
                ["day"] = utc.Day,
                ["hour"] = utc.Hour,
                ["minute"] = utc.Minute,
                ["second"] = utc.Second,
                ["microsecond"] = (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10),
            };
        }

        public static JObject FromDate(DateTimeOffset value) => new JObject
        {
            ["__class__"] = "date",
            ["year"] = value.Year,
            ["month"] = value.Month,
            ["day"] = value.Day,
        };

        /// <summary>Reads a Tryton date-time (always UTC) or date.</summary>
        public static DateTimeOffset? ToDateTime(JToken? token)
        {
            if (!(token is JObject encoded))
            {
                return null;
            }

            var kind = (string?)encoded["__class__"];
            var date = new DateTime((int)encoded["year"]!, (int)encoded["month"]!, (int)encoded["day"]!, 0, 0, 0, DateTimeKind.Utc);
            if (kind == "date")
            {
                return new DateTimeOffset(date);
            }

            var time = new TimeSpan((int?)encoded["hour"] ?? 0, (int?)encoded["minute"] ?? 0, (int?)encoded["second"] ?? 0)
                + TimeSpan.FromTicks(((int?)encoded["microsecond"] ?? 0) * 10L);
            return new DateTimeOffset(date + time, TimeSpan.Zero);
        }

        /// <summary>Returns the later of a record's write and create times; Tryton leaves write_date empty until the first edit.</summary>
        public static DateTimeOffset? ModifiedAt(JObject row)
        {
            var written = ToDateTime(row["write_date"]);
            var created = ToDateTime(row["create_date"]);
            if (written == null)
            {
                return created;
            }

            return created == null || written > created ? written : created;
        }

        /// <summary>The domain of records created or written at or after <paramref name="since"/>.</summary>
        public static JArray ChangedSince(DateTimeOffset since) => JsonList.Of(
            "OR",
            JsonList.Of(JsonList.Of("write_date", ">=", FromDateTime(since))),
            JsonList.Of(JsonList.Of("create_date", ">=", FromDateTime(since))));
    }
}
