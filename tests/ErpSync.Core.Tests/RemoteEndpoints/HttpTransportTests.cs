using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using ErpSync.Core.Endpoints.Http;
using Xunit;

namespace ErpSync.Core.Tests.RemoteEndpoints
{
    public sealed class HttpTransportTests
    {
        private readonly List<TimeSpan> waits = new List<TimeSpan>();

        [Fact]
        public void Too_many_requests_waits_for_Retry_After()
        {
            var statuses = new Queue<int>(new[] { 429, 200 });
            var handler = new FakeHttpHandler((_, _) =>
            {
                var response = FakeHttpHandler.Json("{}", (HttpStatusCode)statuses.Dequeue());
                response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
                return response;
            });

            var reply = Send(handler, safeToRepeat: false);

            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(2, handler.Bodies.Count);
            Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, waits);
        }

        [Fact]
        public void Server_errors_retry_with_doubling_waits()
        {
            var statuses = new Queue<int>(new[] { 500, 502, 200 });
            var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Json("{}", (HttpStatusCode)statuses.Dequeue()));

            var reply = Send(handler, safeToRepeat: true);

            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }, waits);
        }

        [Fact]
        public void Unsafe_request_after_server_error_is_not_repeated()
        {
            var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Json("{}", HttpStatusCode.InternalServerError));

            var error = Assert.Throws<HttpOutcomeUnknownException>(() => Send(handler, safeToRepeat: false));

            Assert.Equal(ErrorIds.HttpOutcomeUnknown, error.ErrorId);
            Assert.Single(handler.Bodies);
            Assert.Empty(waits);
        }

        [Fact]
        public void Persistent_failure_stops_after_max_retries()
        {
            var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Json("{}", HttpStatusCode.ServiceUnavailable));

            var error = Assert.Throws<ErpSyncException>(() => Send(handler, safeToRepeat: true));

            Assert.Equal(ErrorIds.HttpRequestFailed, error.ErrorId);
            Assert.Equal(4, handler.Bodies.Count);
            Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4) }, waits);
        }

        [Fact]
        public void Client_errors_return_without_retry()
        {
            var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Json("{}", HttpStatusCode.Unauthorized));

            var reply = Send(handler, safeToRepeat: true);

            Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
            Assert.Single(handler.Bodies);
        }

        private HttpReply Send(FakeHttpHandler handler, bool safeToRepeat)
        {
            var policy = new HttpRetryPolicy { MaxRetries = 3 };
            using var transport = new HttpTransport("The test server", policy, handler)
            {
                Delay = (wait, _) =>
                {
                    waits.Add(wait);
                    return Task.CompletedTask;
                },
            };
            return transport.Send(() => new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:9/") { Content = new StringContent("{}") }, safeToRepeat, CancellationToken.None);
        }
    }
}
