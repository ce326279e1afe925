using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using ErpSync.Core.Endpoints.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Tryton
{
    /// <summary>
    /// Calls Tryton's JSON-RPC API: logs in with common.db.login, sends the session in every call,
    /// and logs in again once when the server returns 401 or 403 because the session expired.
    /// </summary>
    public sealed class TrytonClient : IDisposable
    {
        private readonly TrytonEndpointOptions options;
        private readonly HttpTransport transport;
        private readonly Uri address;
        private string? authorization;
        private int requestId;

        public TrytonClient(TrytonEndpointOptions options, HttpMessageHandler? handler = null)
        {
            this.options = options;
            var server = options.Server.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? options.Server : new Uri(options.Server.AbsoluteUri + "/");
            address = new Uri(server, Uri.EscapeDataString(options.Database) + "/");
            transport = new HttpTransport($"The Tryton server {options.Server}", options.Retry, handler);
        }

        public event Action<string>? Retrying
        {
            add => transport.Retrying += value;
            remove => transport.Retrying -= value;
        }

        /// <summary>The context passed as the last parameter of every model call.</summary>
        public JObject Context(JObject? extra = null)
        {
            var context = new JObject { ["company"] = options.Company };
            if (extra != null)
            {
                context.Merge(extra);
            }

            return context;
        }

        /// <summary>Calls model.<paramref name="model"/>.<paramref name="method"/> with the parameters and the context appended.</summary>
        public JToken CallModel(string model, string method, JArray parameters, bool safeToRepeat, CancellationToken cancellationToken, JObject? context = null)
        {
            parameters.Add(context ?? Context());
            return Call("model." + model + "." + method, parameters, safeToRepeat, cancellationToken);
        }

        public JToken Call(string method, JArray parameters, bool safeToRepeat, CancellationToken cancellationToken)
        {
            if (authorization == null)
            {
                Login(cancellationToken);
            }

            var reply = Post(method, parameters, safeToRepeat, cancellationToken, authorization);
            if (reply.Status == HttpStatusCode.Unauthorized || reply.Status == HttpStatusCode.Forbidden)
            {
                Login(cancellationToken);
                reply = Post(method, parameters, safeToRepeat, cancellationToken, authorization);
            }

            return Result(method, reply);
        }

        internal HttpTransport Transport => transport;

        public void Dispose() => transport.Dispose();

        private void Login(CancellationToken cancellationToken)
        {
            authorization = null;
            var credential = options.Credential;
            var parameters = JsonList.Of(credential.UserName, new JObject { ["password"] = credential.Password }, "en");
            var reply = Post("common.db.login", parameters, safeToRepeat: true, cancellationToken, null);
            if (reply.Status == HttpStatusCode.Unauthorized || reply.Status == HttpStatusCode.Forbidden)
            {
                throw new ErpSyncException(ErrorIds.RemoteLoginFailed, $"The Tryton server {options.Server} rejected the login of '{credential.UserName}' to the database '{options.Database}'. Check the user name and password.", kind: ErrorKind.AuthenticationError);
            }

            var result = Result("common.db.login", reply) as JArray;
            if (result == null || result.Count < 2)
            {
                throw new ErpSyncException(ErrorIds.RemoteLoginFailed, $"The Tryton server {options.Server} returned no session for '{credential.UserName}' in the database '{options.Database}'. Check the user name and password.", kind: ErrorKind.AuthenticationError);
            }

            var session = $"{credential.UserName}:{(long)result[0]}:{(string?)result[1]}";
            authorization = "Session " + Convert.ToBase64String(Encoding.UTF8.GetBytes(session));
        }

        private HttpReply Post(string method, JArray parameters, bool safeToRepeat, CancellationToken cancellationToken, string? session)
        {
            var body = new JObject
            {
                ["id"] = Interlocked.Increment(ref requestId),
                ["method"] = method,
                ["params"] = parameters,
            }.ToString(Formatting.None);

            return transport.Send(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, address)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                if (session != null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", session);
                }

                return request;
            }, safeToRepeat, cancellationToken);
        }

        private JToken Result(string method, HttpReply reply)
        {
            if (reply.Status != HttpStatusCode.OK)
            {
                throw new ErpSyncException(ErrorIds.RemoteCallFailed, $"The Tryton server {options.Server} returned HTTP {(int)reply.Status} {reply.Status} for {method}.", kind: ErrorKind.ConnectionError);
            }

            var answer = Parse(reply.Body, method);
            var error = answer["error"];
            if (error != null && error.Type != JTokenType.Null)
            {
                throw new ErpSyncException(ErrorIds.RemoteCallFailed, $"Tryton rejected {method}: {DescribeError(error)}", kind: ErrorKind.WriteError);
            }

            return answer["result"] ?? JValue.CreateNull();
        }

        private JObject Parse(string body, string method)
        {
            try
            {
                using var reader = new JsonTextReader(new System.IO.StringReader(body)) { FloatParseHandling = FloatParseHandling.Decimal, DateParseHandling = DateParseHandling.None };
                return JObject.Load(reader);
            }
            catch (JsonException ex)
            {
                throw new ErpSyncException(ErrorIds.RemoteCallFailed, $"The Tryton server {options.Server} returned text that is not JSON-RPC to {method}.", ex, ErrorKind.ConnectionError);
            }
        }

        // Tryton sends errors as [type, [message, description]] or as a plain string.
        private static string DescribeError(JToken error)
        {
            if (error is JArray parts && parts.Count >= 2 && parts[1] is JArray details && details.Count > 0)
            {
                return $"{parts[0]}: {string.Join(" ", details[0], details.Count > 1 ? details[1] : string.Empty).Trim()}";
            }

            return error.ToString(Formatting.None);
        }
    }
}
