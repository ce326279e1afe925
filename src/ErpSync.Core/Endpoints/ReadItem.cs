using ErpSync.Core.Records;

namespace ErpSync.Core.Endpoints
{
    /// <summary>One item of a read: a record, or the error that kept a row from becoming one.</summary>
    public readonly struct ReadItem
    {
        private ReadItem(ErpRecord? record, RecordError? error)
        {
            Record = record;
            Error = error;
        }

        public ErpRecord? Record { get; }

        public RecordError? Error { get; }

        public bool IsError => Error != null;

        public static ReadItem Of(ErpRecord record) => new ReadItem(record, null);

        public static ReadItem Failed(RecordError error) => new ReadItem(null, error);
    }
}
