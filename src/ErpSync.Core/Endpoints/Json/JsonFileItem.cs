using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Json
{
    /// <summary>One element of a JSON file as read: an object, or the reason the element is not one, and the line it starts on.</summary>
    internal readonly struct JsonFileItem
    {
        public JsonFileItem(JObject? value, long line, string? problem)
        {
            Value = value;
            Line = line;
            Problem = problem;
        }

        public JObject? Value { get; }

        /// <summary>The 1-based line where the element starts.</summary>
        public long Line { get; }

        public string? Problem { get; }
    }
}
