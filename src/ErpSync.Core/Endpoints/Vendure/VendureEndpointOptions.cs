using System;
using System.Net;
using ErpSync.Core.Endpoints.Http;

namespace ErpSync.Core.Endpoints.Vendure
{
    /// <summary>Where a Vendure server's Admin API is and how to log in; the password stays in the credential.</summary>
    public sealed class VendureEndpointOptions
    {
        public VendureEndpointOptions(Uri adminApi, NetworkCredential credential)
        {
            AdminApi = adminApi;
            Credential = credential;
        }

        /// <summary>The Admin API's address, such as http://127.0.0.1:3000/admin-api.</summary>
        public Uri AdminApi { get; }

        /// <summary>The login; internal so that serialising the endpoint, for example with ConvertTo-Json, cannot show the password.</summary>
        internal NetworkCredential Credential { get; }

        public HttpRetryPolicy Retry { get; set; } = new HttpRetryPolicy();

        /// <summary>
        /// How far before the requested time a changed-since read starts. Vendure stores createdAt in
        /// whole seconds but updatedAt with milliseconds, and a write can commit after the read began.
        /// </summary>
        public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Records per list query; Vendure's default limit allows at most 1000.</summary>
        public int PageSize { get; set; } = 500;

        /// <summary>Decimal places of the shop's currency: prices travel as integers in minor units (cents for 2).</summary>
        public int MinorUnitDigits { get; set; } = 2;

        /// <summary>The language of the names that ErpSync reads and writes.</summary>
        public string LanguageCode { get; set; } = "en";
    }
}
