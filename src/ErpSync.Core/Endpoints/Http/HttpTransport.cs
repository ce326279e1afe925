using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace ErpSync.Core.Endpoints.Http
{
    /// <summary>
    /// Sends JSON requests to one system with a timeout per request and retries with back-off on
    /// 429, 5xx and connection failures, honouring Retry-After. A request that is not safe to repeat
    /// is retried only where the server cannot have applied it (429, connection refused); any other
    /// failure raises <see cref="HttpOutcomeUnknownException"/> so that the caller can check by key.
    /// Messages name the system by its base address only, never by its credentials.
    /// </summary>
    public sealed class HttpTransport : IDisposable
    {
        private readonly HttpClient client;
        private readonly HttpRetryPolicy policy;
        private readonly string systemName;

        public HttpTransport(string systemName, HttpRetryPolicy policy, HttpMessageHandler? handler = null)
        {
            this.systemName = systemName;
            this.policy = policy;
            client = handler == null ? new HttpClient() : new HttpClient(handler);
            client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        }

        /// <summary>Waits between attempts; tests replace it to record the waits instead of sleeping.</summary>
        internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;

        /// <summary>Raised before each retry with a sentence for the verbose or warning stream.</summary>
        public event Action<string>? Retrying;

        /// <summary>
        /// Sends the request built by <paramref name="buildRequest"/> (called once per attempt) and
        /// returns the response status, headers and body. Status codes other than 429 and 5xx are returned to the caller.
        /// </summary>
        public HttpReply Send(Func<HttpRequestMessage> buildRequest, bool safeToRepeat, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                var canRetry = attempt < policy.MaxRetries;
                TimeSpan? retryAfter = null;
                string failure;
                bool mayHaveApplied;
                Exception? inner = null;
                try
                {
                    var reply = SendOnce(buildRequest, cancellationToken).GetAwaiter().GetResult();
                    var status = (int)reply.Status;
                    if (status != 429 && status < 500)
                    {
                        return reply;
                    }

                    retryAfter = reply.RetryAfter;
                    failure = $"{systemName} returned HTTP {status} {reply.Status}";
                    mayHaveApplied = status != 429 && status != 503;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"{systemName} timed out after {policy.Timeout.TotalSeconds:0} s";
                    mayHaveApplied = true;
                }
                catch (HttpRequestException ex)
                {
                    failure = $"The connection to {systemName} failed: {Describe(ex)}";
                    mayHaveApplied = !IsConnectionRefused(ex);
                    inner = ex;
                }

                if (!canRetry || (!safeToRepeat && mayHaveApplied))
                {
                    throw Failure(failure, safeToRepeat, mayHaveApplied, inner);
                }

                var delay = policy.DelayBefore(attempt + 1, retryAfter);
                Retrying?.Invoke($"{failure}; retry {attempt + 1} of {policy.MaxRetries} in {delay.TotalSeconds:0.#} s.");
                Delay(delay, cancellationToken).GetAwaiter().GetResult();
            }
        }

        public void Dispose() => client.Dispose();

        private async Task<HttpReply> SendOnce(Func<HttpRequestMessage> buildRequest, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(policy.Timeout);
            using var request = buildRequest();
            using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return new HttpReply(response.StatusCode, response.Headers, body);
        }

        private ErpSyncException Failure(string failure, bool safeToRepeat, bool mayHaveApplied, Exception? inner)
        {
            if (!safeToRepeat && mayHaveApplied)
            {
                return new HttpOutcomeUnknownException(failure + ", so it is not known whether the change was applied.", inner);
            }

            return new ErpSyncException(ErrorIds.HttpRequestFailed, $"{failure}, and {policy.MaxRetries} retries did not help. Check that the system is running and reachable.", inner, ErrorKind.ConnectionError);
        }

        private static bool IsConnectionRefused(HttpRequestException exception)
        {
            for (Exception? inner = exception; inner != null; inner = inner.InnerException)
            {
                if (inner is SocketException socket && socket.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    return true;
                }
            }

            return false;
        }

        private static string Describe(Exception exception)
        {
            var innermost = exception;
            while (innermost.InnerException != null)
            {
                innermost = innermost.InnerException;
            }

            return innermost.Message;
        }
    }
}
