using System;
using System.Net;
using ErpSync.Core.Endpoints.Http;

namespace ErpSync.Core.Endpoints.Tryton
{
    /// <summary>Where a Tryton server is and how to log in; the password stays in the credential.</summary>
    public sealed class TrytonEndpointOptions
    {
        public TrytonEndpointOptions(Uri server, string database, NetworkCredential credential)
        {
            Server = server;
            Database = database;
            Credential = credential;
        }

        /// <summary>The server's base address, such as http://127.0.0.1:8000/.</summary>
        public Uri Server { get; }

        public string Database { get; }

        /// <summary>The login; internal so that serialising the endpoint, for example with ConvertTo-Json, cannot show the password.</summary>
        internal NetworkCredential Credential { get; }

        public HttpRetryPolicy Retry { get; set; } = new HttpRetryPolicy();

        /// <summary>How far before the requested time a changed-since read starts, for writes whose transaction committed late.</summary>
        public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Records per search_read call.</summary>
        public int PageSize { get; set; } = 500;

        /// <summary>The company id passed in every call's context.</summary>
        public int Company { get; set; } = 1;
    }
}
