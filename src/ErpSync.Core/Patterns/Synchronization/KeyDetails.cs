using ErpSync.Core.Records;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>
    /// The parts of a key's index entry that most keys lack: native ids, a side's own key where it
    /// differs from the normalized key, the baseline's display key where it differs, and hashes that
    /// are not 32 hex digits.
    /// </summary>
    internal sealed class KeyDetails
    {
        public RecordKey? LeftKey;
        public RecordKey? RightKey;
        public string? LeftId;
        public string? RightId;
        public string? BaselineDisplayKey;
        public string? BaselineLeftId;
        public string? BaselineRightId;
        public string? LeftHashText;
        public string? RightHashText;
        public string? BaselineHashText;
    }
}
