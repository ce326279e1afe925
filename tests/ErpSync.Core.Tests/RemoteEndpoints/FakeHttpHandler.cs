using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ErpSync.Core.Tests.RemoteEndpoints
{
    /// <summary>An HTTP handler that answers each request from a function and keeps every request body.</summary>
    internal sealed class FakeHttpHandler : HttpMessageHandler
    {
        private readonly Func<HttpRequestMessage, string, HttpResponseMessage> respond;

        public FakeHttpHandler(Func<HttpRequestMessage, string, HttpResponseMessage> respond)
        {
            this.respond = respond;
        }

        public List<string> Bodies { get; } = new List<string>();

        public List<string?> Authorizations { get; } = new List<string?>();

        public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
            new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content == null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Bodies.Add(body);
            Authorizations.Add(request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : null);
            return respond(request, body);
        }
    }
}
