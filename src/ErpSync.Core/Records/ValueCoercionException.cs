using System;
using System.Globalization;

namespace ErpSync.Core.Records
{
    /// <summary>A value that does not convert to its field's type; names the field and the value.</summary>
    public sealed class ValueCoercionException : ErpSyncException
    {
        public ValueCoercionException(string field, object value, FieldType type, CultureInfo culture, Exception inner)
            : base(ErrorIds.ValueNotParsed, BuildMessage(field, value, type, culture, inner), inner)
        {
            Field = field;
            Value = value;
            Type = type;
        }

        public string Field { get; }

        public object Value { get; }

        public FieldType Type { get; }

        private static string BuildMessage(string field, object value, FieldType type, CultureInfo culture, Exception inner)
        {
            var cultureName = culture.Name.Length == 0 ? "invariant" : culture.Name;
            return $"The field '{field}' has the value '{value}', which is not a valid {type.ToString().ToLowerInvariant()} in the {cultureName} culture: {inner.Message} Fix the value, or give the endpoint the right -Culture.";
        }
    }
}
