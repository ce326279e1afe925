using System;

namespace ErpSync.Core.Endpoints.Http
{
    /// <summary>
    /// A request that changes data failed in a way that leaves open whether the server applied it
    /// (a timeout, a dropped connection, a 5xx answer). The caller checks by key before sending it again.
    /// </summary>
    public sealed class HttpOutcomeUnknownException : ErpSyncException
    {
        public HttpOutcomeUnknownException(string message, Exception? inner = null)
            : base(ErrorIds.HttpOutcomeUnknown, message, inner, ErrorKind.ConnectionError)
        {
        }
    }
}
