using System;
using System.Linq;
using System.Net;
using System.Net.Http.Headers;

namespace ErpSync.Core.Endpoints.Http
{
    /// <summary>A response read to its end: status, headers and body text.</summary>
    public sealed class HttpReply
    {
        public HttpReply(HttpStatusCode status, HttpResponseHeaders headers, string body)
        {
            Status = status;
            Headers = headers;
            Body = body;
        }

        public HttpStatusCode Status { get; }

        public HttpResponseHeaders Headers { get; }

        public string Body { get; }

        /// <summary>The server's Retry-After as a wait, from either its seconds or its date form.</summary>
        public TimeSpan? RetryAfter
        {
            get
            {
                var value = Headers.RetryAfter;
                if (value?.Delta != null)
                {
                    return value.Delta;
                }

                if (value?.Date != null)
                {
                    var wait = value.Date.Value - DateTimeOffset.UtcNow;
                    return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
                }

                return null;
            }
        }

        public string? Header(string name) =>
            Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
    }
}
