using ErpSync.Core.Records;

namespace ErpSync.Core.Endpoints
{
    /// <summary>What happened to one write operation.</summary>
    public sealed class WriteOutcome
    {
        private WriteOutcome(WriteOperation operation, WriteResultKind result, string? nativeId, RecordError? error)
        {
            Operation = operation;
            Result = result;
            NativeId = nativeId;
            Error = error;
        }

        public WriteOperation Operation { get; }

        public WriteResultKind Result { get; }

        /// <summary>The id the target assigned or holds for the record, where it has ids.</summary>
        public string? NativeId { get; }

        public RecordError? Error { get; }

        public bool Succeeded => Error == null;

        public static WriteOutcome Done(WriteOperation operation, WriteResultKind result, string? nativeId = null) =>
            new WriteOutcome(operation, result, nativeId, null);

        public static WriteOutcome Failed(WriteOperation operation, RecordError error) =>
            new WriteOutcome(operation, WriteResultKind.Failed, null, error);
    }
}
