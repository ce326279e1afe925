using System;

namespace ErpSync.Core
{
    /// <summary>
    /// A failure that stops an operation, with a stable error id that the PowerShell layer turns into
    /// an ErrorRecord id and a category.
    /// </summary>
    public class ErpSyncException : Exception
    {
        public ErpSyncException(string errorId, string message, Exception? inner = null, ErrorKind kind = ErrorKind.InvalidData)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
        }

        public string ErrorId { get; }

        public ErrorKind Kind { get; }
    }
}
