using System;
using System.Management.Automation;
using ErpSync.Core;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Http;
using ErpSync.Core.Endpoints.Tryton;
using ErpSync.Core.Endpoints.Vendure;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Creates the endpoints of systems behind an API from New-ErpEndpoint's parameters.</summary>
    internal static class RemoteEndpoints
    {
        public static Endpoint Tryton(EndpointOptions options, Uri server, string database, PSCredential credential, HttpRetryPolicy retry, TimeSpan overlap)
        {
            RequireHttp(server, "-Tryton");
            var tryton = new TrytonEndpointOptions(server, database, credential.GetNetworkCredential()) { Retry = retry, Overlap = overlap };
            return new TrytonEndpoint(options, tryton);
        }

        public static Endpoint Vendure(EndpointOptions options, Uri adminApi, PSCredential credential, HttpRetryPolicy retry, TimeSpan overlap)
        {
            RequireHttp(adminApi, "-Vendure");
            var vendure = new VendureEndpointOptions(adminApi, credential.GetNetworkCredential()) { Retry = retry, Overlap = overlap };
            return new VendureEndpoint(options, vendure);
        }

        private static void RequireHttp(Uri address, string parameter)
        {
            if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            {
                throw new ErpSyncException(ErrorIds.EndpointInvalid, $"{parameter} needs an absolute http or https address such as http://127.0.0.1:8000/, not '{address}'.", kind: ErrorKind.InvalidArgument);
            }

            if (!string.IsNullOrEmpty(address.UserInfo))
            {
                throw new ErpSyncException(ErrorIds.EndpointInvalid, $"{parameter} must not contain a user name or password; pass them with -Credential.", kind: ErrorKind.InvalidArgument);
            }
        }
    }
}
