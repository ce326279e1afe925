using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ErpSync.Core;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Endpoints.Http;
using ErpSync.Core.Endpoints.Json;
using ErpSync.Core.Endpoints.PostgreSql;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Mapping;
using ErpSync.Core.Records;
using ErpSync.PowerShell.Records;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Creates an endpoint: one entity in one system (a CSV or JSON file, an SQLite or PostgreSQL table, a Tryton ERP, a Vendure shop).</summary>
    [Cmdlet(VerbsCommon.New, "ErpEndpoint", DefaultParameterSetName = CsvSet)]
    [OutputType(typeof(Endpoint))]
    public sealed class NewErpEndpointCommand : ErpSyncCmdlet
    {
        private const string CsvSet = "Csv";
        private const string SqliteSet = "Sqlite";
        private const string JsonSet = "Json";
        private const string PostgreSqlSet = "PostgreSql";
        private const string TrytonSet = "Tryton";
        private const string VendureSet = "Vendure";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = CsvSet)]
        [ValidateNotNullOrEmpty]
        public string Csv { get; set; } = string.Empty;

        /// <summary>The path of a JSON file: an array of objects, or one object per line (JSON Lines).</summary>
        [Parameter(Mandatory = true, ParameterSetName = JsonSet)]
        [ValidateNotNullOrEmpty]
        public string Json { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = SqliteSet)]
        [ValidateNotNullOrEmpty]
        public string Sqlite { get; set; } = string.Empty;

        /// <summary>An Npgsql connection string such as Host=db;Port=5432;Database=erp;Username=sync.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PostgreSqlSet)]
        [ValidateNotNullOrEmpty]
        public string PostgreSql { get; set; } = string.Empty;

        [Parameter(ParameterSetName = PostgreSqlSet)]
        [Parameter(Mandatory = true, ParameterSetName = TrytonSet)]
        [Parameter(Mandatory = true, ParameterSetName = VendureSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter(ParameterSetName = SqliteSet)]
        [Parameter(ParameterSetName = PostgreSqlSet)]
        [ValidateNotNullOrEmpty]
        public string? Table { get; set; }

        [Parameter(ParameterSetName = SqliteSet)]
        [Parameter(ParameterSetName = PostgreSqlSet)]
        [ValidateNotNullOrEmpty]
        public string? Query { get; set; }

        [Parameter(ParameterSetName = SqliteSet)]
        [Parameter(ParameterSetName = PostgreSqlSet)]
        public SwitchParameter CreateTable { get; set; }

        // Tryton and Vendure parameter sets.
        [Parameter(Mandatory = true, ParameterSetName = TrytonSet)]
        [ValidateNotNull]
        public Uri? Tryton { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = TrytonSet)]
        [ValidateNotNullOrEmpty]
        public string? Database { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = VendureSet)]
        [ValidateNotNull]
        public Uri? Vendure { get; set; }

        [Parameter(ParameterSetName = TrytonSet)]
        [Parameter(ParameterSetName = VendureSet)]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 100;

        [Parameter(ParameterSetName = TrytonSet)]
        [Parameter(ParameterSetName = VendureSet)]
        [ValidateRange(0, 20)]
        public int MaxRetries { get; set; } = 4;

        [Parameter(ParameterSetName = TrytonSet)]
        [Parameter(ParameterSetName = VendureSet)]
        [ValidateRange(0, 86400)]
        public int OverlapSec { get; set; } = 60;

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Entity { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Key { get; set; }

        [Parameter]
        public Hashtable? Map { get; set; }

        [Parameter]
        public object? Schema { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ModifiedField { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Culture { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimeZone { get; set; }

        [Parameter(ParameterSetName = CsvSet)]
        [ValidateNotNullOrEmpty]
        public string? Delimiter { get; set; }

        [Parameter(ParameterSetName = CsvSet)]
        [Parameter(ParameterSetName = JsonSet)]
        [ValidateNotNullOrEmpty]
        public string? Encoding { get; set; }

        [Parameter]
        public string? NullText { get; set; }

        [Parameter]
        public SwitchParameter CaseSensitiveKey { get; set; }

        [Parameter]
        public SwitchParameter FoldLeadingZeros { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ExcludeField { get; set; }

        protected override void EndProcessing()
        {
            var endpoint = RunEngine(CreateEndpoint);
            WriteVerbose($"Created the {endpoint.Describe()} for the entity {endpoint.Schema}.");
            WriteObject(endpoint);
        }

        private Endpoint CreateEndpoint()
        {
            var schema = RecordShapeArguments.ResolveSchema(Entity, Key, Schema);
            var options = new EndpointOptions(Name, schema)
            {
                Map = RecordShapeArguments.ToFieldMap(Map),
                Culture = RecordShapeArguments.ResolveCulture(Culture),
                TimeZone = RecordShapeArguments.ResolveTimeZone(TimeZone),
                NullText = NullText,
                KeyNormalization = new KeyNormalization(trim: true, ignoreCase: !CaseSensitiveKey, foldLeadingZeros: FoldLeadingZeros),
            };
            if (ModifiedField != null)
            {
                options.ModifiedField = options.Map.ToEntityName(ModifiedField, schema);
            }

            foreach (var field in ExcludeField ?? Array.Empty<string>())
            {
                options.IgnoredFields.Add(field);
            }

            Endpoint endpoint = ParameterSetName switch
            {
                PostgreSqlSet => new PostgreSqlEndpoint(options, new PostgreSqlEndpointOptions(PostgreSql, Credential?.GetNetworkCredential())
                {
                    Table = Table,
                    Query = Query,
                    CreateTable = CreateTable,
                }),
                SqliteSet => new SqliteEndpoint(options, new SqliteEndpointOptions(ResolvePath(Sqlite)) { Table = Table, Query = Query, CreateTable = CreateTable }),
                JsonSet => new JsonEndpoint(options, new JsonEndpointOptions(ResolvePath(Json))
                {
                    Encoding = Encoding == null ? null : FileEncoding.Resolve(Encoding),
                }),
                TrytonSet => RemoteEndpoints.Tryton(options, Tryton!, Database!, Credential!, RetryPolicy(), TimeSpan.FromSeconds(OverlapSec)),
                VendureSet => RemoteEndpoints.Vendure(options, Vendure!, Credential!, RetryPolicy(), TimeSpan.FromSeconds(OverlapSec)),
                _ => new CsvEndpoint(options, new CsvEndpointOptions(ResolvePath(Csv))
                {
                    Delimiter = Delimiter == null ? null : UnescapeDelimiter(Delimiter),
                    Encoding = Encoding == null ? null : FileEncoding.Resolve(Encoding),
                }),
            };
            endpoint.Warning += WriteWarning;
            return endpoint;
        }

        private HttpRetryPolicy RetryPolicy() => new HttpRetryPolicy { Timeout = TimeSpan.FromSeconds(TimeoutSec), MaxRetries = MaxRetries };

        private string ResolvePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        private static string UnescapeDelimiter(string delimiter) => delimiter switch
        {
            "\\t" => "\t",
            "tab" => "\t",
            _ => delimiter,
        };
    }
}
