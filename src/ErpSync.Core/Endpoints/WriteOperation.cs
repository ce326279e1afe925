using ErpSync.Core.Records;

namespace ErpSync.Core.Endpoints
{
    /// <summary>
    /// One write to an endpoint. <see cref="ExistingKey"/> and <see cref="NativeId"/> address the
    /// record as stored in the target, so a key that differs only in case or spaces updates the
    /// existing row instead of adding a second one.
    /// </summary>
    public sealed class WriteOperation
    {
        public WriteOperation(WriteKind kind, RecordKey key, ErpRecord? record)
        {
            Kind = kind;
            Key = key;
            Record = record;
        }

        public WriteKind Kind { get; }

        public RecordKey Key { get; }

        /// <summary>The record to write; null for a delete.</summary>
        public ErpRecord? Record { get; }

        /// <summary>The key as stored in the target, when the caller read the target first.</summary>
        public RecordKey? ExistingKey { get; set; }

        /// <summary>The target's own id of the record, from an earlier read or the id map.</summary>
        public string? NativeId { get; set; }

        /// <summary>Anything the caller wants back with the outcome, such as a source position.</summary>
        public object? Tag { get; set; }

        public static WriteOperation Upsert(ErpRecord record) => new WriteOperation(WriteKind.Upsert, record.Key, record);

        public static WriteOperation Insert(ErpRecord record) => new WriteOperation(WriteKind.Insert, record.Key, record);

        public static WriteOperation Update(ErpRecord record) => new WriteOperation(WriteKind.Update, record.Key, record);

        public static WriteOperation Delete(RecordKey key) => new WriteOperation(WriteKind.Delete, key, null);
    }
}
