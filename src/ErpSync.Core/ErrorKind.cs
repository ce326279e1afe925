namespace ErpSync.Core
{
    /// <summary>What kind of failure an error is; the PowerShell layer maps it to an ErrorCategory.</summary>
    public enum ErrorKind
    {
        InvalidData,
        InvalidArgument,
        ObjectNotFound,
        ResourceUnavailable,
        ResourceBusy,
        ConnectionError,
        AuthenticationError,
        WriteError,
        LimitsExceeded,
        OperationStopped,
    }
}
