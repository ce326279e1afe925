using System;
using ErpSync.Core.Records;

namespace ErpSync.PowerShell
{
    /// <summary>The exception inside the error record of one failed record; carries the engine's error.</summary>
    public sealed class ErpSyncRecordException : Exception
    {
        public ErpSyncRecordException(RecordError error)
            : base(error.Describe(), error.Exception)
        {
            Error = error;
        }

        public RecordError Error { get; }
    }
}
