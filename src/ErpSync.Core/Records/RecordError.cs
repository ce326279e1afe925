using System;
using System.Text;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// Why one record failed, with everything a person needs to find it: the endpoint or file, the
    /// line or row, the key, the field and its value. The run goes on; the record is a reject.
    /// </summary>
    public sealed class RecordError
    {
        public RecordError(string errorId, string message)
        {
            ErrorId = errorId;
            Message = message;
        }

        public string ErrorId { get; }

        public string Message { get; }

        public ErrorKind Kind { get; set; } = ErrorKind.InvalidData;

        /// <summary>The endpoint name, with the file path or table where it helps.</summary>
        public string? Source { get; set; }

        public long? Position { get; set; }

        /// <summary>What the position counts: "line" in a file, "row" in a table.</summary>
        public string PositionLabel { get; set; } = "line";

        public string? Key { get; set; }

        public string? Field { get; set; }

        public string? Value { get; set; }

        /// <summary>The record itself where one was built; the raw values otherwise.</summary>
        public object? Target { get; set; }

        public Exception? Exception { get; set; }

        /// <summary>Creates an error from an exception raised for one record, keeping its id and, for a coercion, its field and value.</summary>
        public static RecordError FromException(Exception exception, string? source, long? position, string? key)
        {
            var id = exception is ErpSyncException erp ? erp.ErrorId : ErrorIds.WriteFailed;
            var error = new RecordError(id, exception.Message)
            {
                Source = source,
                Position = position,
                Key = key,
                Exception = exception,
                Kind = exception is ErpSyncException e ? e.Kind : ErrorKind.WriteError,
            };
            if (exception is ValueCoercionException coercion)
            {
                error.Field = coercion.Field;
                error.Value = Convert.ToString(coercion.Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            return error;
        }

        /// <summary>Returns the message prefixed with where the record was found.</summary>
        public string Describe()
        {
            var builder = new StringBuilder();
            if (Source != null)
            {
                builder.Append(Source);
            }

            if (Position != null)
            {
                builder.Append(builder.Length > 0 ? ", " : string.Empty).Append(PositionLabel).Append(' ').Append(Position);
            }

            if (Key != null)
            {
                builder.Append(builder.Length > 0 ? ", " : string.Empty).Append("key '").Append(Key).Append('\'');
            }

            return builder.Length == 0 ? Message : builder.Append(": ").Append(Message).ToString();
        }

        public override string ToString() => Describe();
    }
}
