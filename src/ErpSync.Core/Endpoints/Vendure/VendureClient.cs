using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using ErpSync.Core.Endpoints.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Vendure
{
    /// <summary>
    /// Calls Vendure's Admin GraphQL API: logs in with the authenticate mutation, sends the bearer
    /// token from the vendure-auth-token header, and logs in again once when the token is rejected
    /// (HTTP 401 or 403, or a FORBIDDEN error in the response).
    /// </summary>
    public sealed class VendureClient : IDisposable
    {
        private const string AuthenticateMutation =
            "mutation($username: String!, $password: String!) { authenticate(input: { native: { username: $username, password: $password } }) { __typename ... on ErrorResult { errorCode message } } }";

        private readonly VendureEndpointOptions options;
        private readonly HttpTransport transport;
        private string? token;

        public VendureClient(VendureEndpointOptions options, HttpMessageHandler? handler = null)
        {
            this.options = options;
            transport = new HttpTransport($"The Vendure server {options.AdminApi}", options.Retry, handler);
        }

        public event Action<string>? Retrying
        {
            add => transport.Retrying += value;
            remove => transport.Retrying -= value;
        }

        /// <summary>Runs a query or mutation and returns its data; GraphQL errors raise <see cref="ErpSyncException"/>.</summary>
        public JObject Execute(string document, JObject? variables, bool safeToRepeat, CancellationToken cancellationToken)
        {
            if (token == null)
            {
                Login(cancellationToken);
            }

            var reply = Post(document, variables, safeToRepeat, cancellationToken);
            var answer = reply.Status == HttpStatusCode.OK ? Parse(reply) : null;
            if (reply.Status == HttpStatusCode.Unauthorized || reply.Status == HttpStatusCode.Forbidden || (answer != null && IsForbidden(answer)))
            {
                Login(cancellationToken);
                reply = Post(document, variables, safeToRepeat, cancellationToken);
                answer = reply.Status == HttpStatusCode.OK ? Parse(reply) : null;
            }

            if (answer == null)
            {
                throw new ErpSyncException(ErrorIds.RemoteCallFailed, $"The Vendure server {options.AdminApi} returned HTTP {(int)reply.Status} {reply.Status}.", kind: ErrorKind.ConnectionError);
            }

            if (answer["errors"] is JArray errors && errors.Count > 0)
            {
                var kind = IsForbidden(answer) ? ErrorKind.AuthenticationError : ErrorKind.WriteError;
                throw new ErpSyncException(ErrorIds.RemoteCallFailed, "Vendure rejected the request: " + string.Join(" ", errors.Select(e => (string?)e["message"])), kind: kind);
            }

            return answer["data"] as JObject ?? new JObject();
        }

        internal HttpTransport Transport => transport;

        public void Dispose() => transport.Dispose();

        private void Login(CancellationToken cancellationToken)
        {
            token = null;
            var credential = options.Credential;
            var variables = new JObject { ["username"] = credential.UserName, ["password"] = credential.Password };
            var reply = Post(AuthenticateMutation, variables, safeToRepeat: true, cancellationToken);
            var answer = reply.Status == HttpStatusCode.OK ? Parse(reply) : null;
            var result = answer?["data"]?["authenticate"];
            var newToken = reply.Header("vendure-auth-token");
            if (result == null || (string?)result["__typename"] != "CurrentUser" || string.IsNullOrEmpty(newToken))
            {
                var reason = (string?)result?["message"] ?? (answer == null ? $"HTTP {(int)reply.Status}" : "no token in the response");
                throw new ErpSyncException(ErrorIds.RemoteLoginFailed, $"The Vendure server {options.AdminApi} rejected the login of '{credential.UserName}' ({reason}). Check the user name and password.", kind: ErrorKind.AuthenticationError);
            }

            token = newToken;
        }

        private HttpReply Post(string document, JObject? variables, bool safeToRepeat, CancellationToken cancellationToken)
        {
            var body = new JObject { ["query"] = document, ["variables"] = variables ?? new JObject() }.ToString(Formatting.None);
            var bearer = token;
            return transport.Send(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, options.AdminApi)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                if (bearer != null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
                }

                return request;
            }, safeToRepeat, cancellationToken);
        }

        private JObject Parse(HttpReply reply)
        {
            try
            {
                using var reader = new JsonTextReader(new System.IO.StringReader(reply.Body)) { FloatParseHandling = FloatParseHandling.Decimal, DateParseHandling = DateParseHandling.None };
                return JObject.Load(reader);
            }
            catch (JsonException ex)
            {
                throw new ErpSyncException(ErrorIds.RemoteCallFailed, $"The Vendure server {options.AdminApi} returned text that is not GraphQL JSON.", ex, ErrorKind.ConnectionError);
            }
        }

        private static bool IsForbidden(JObject answer) =>
            answer["errors"] is JArray errors && errors.Any(e => (string?)e["extensions"]?["code"] == "FORBIDDEN");
    }
}
