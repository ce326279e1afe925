namespace ErpSync.Core
{
    /// <summary>Stable error ids. Scripts match on these, so a published id never changes its meaning.</summary>
    public static class ErrorIds
    {
        public const string SchemaInvalid = "SchemaInvalid";
        public const string ValueNotParsed = "ValueNotParsed";
        public const string KeyMissing = "KeyMissing";
        public const string KeyDuplicate = "KeyDuplicate";
        public const string FieldMissing = "FieldMissing";
        public const string FieldDuplicate = "FieldDuplicate";
        public const string CsvRowTooLong = "CsvRowTooLong";
        public const string CsvRowTooShort = "CsvRowTooShort";
        public const string CsvHeaderInvalid = "CsvHeaderInvalid";
        public const string CsvBadData = "CsvBadData";
        public const string FileEncodingInvalid = "FileEncodingInvalid";
        public const string FileNotFound = "FileNotFound";
        public const string JsonInvalid = "JsonInvalid";
        public const string SqliteTableNotFound = "SqliteTableNotFound";
        public const string SqliteError = "SqliteError";
        public const string WriteFailed = "WriteFailed";
        public const string KeyExists = "KeyExists";
        public const string EndpointInvalid = "EndpointInvalid";
        public const string EndpointReadOnly = "EndpointReadOnly";
        public const string JobAlreadyRunning = "JobAlreadyRunning";
        public const string StateStoreError = "StateStoreError";
        public const string MaxDeletePercentExceeded = "MaxDeletePercentExceeded";

        public const string AggregateRuleInvalid = "AggregateRuleInvalid";
        public const string AggregateSourcesInvalid = "AggregateSourcesInvalid";
        public const string AggregateValueInvalid = "AggregateValueInvalid";

        // Bi-directional sync and correlation.
        public const string ConflictNotFound = "ConflictNotFound";
        public const string ConflictAlreadyApplied = "ConflictAlreadyApplied";
        public const string ConflictRecordMissing = "ConflictRecordMissing";
        public const string SyncEndpointsInvalid = "SyncEndpointsInvalid";
        public const string SyncRecordChanged = "SyncRecordChanged";

        // Broadcast.
        public const string BroadcastInvalid = "BroadcastInvalid";
        public const string BroadcastDeadLetter = "BroadcastDeadLetter";
        public const string BroadcastJobNotFound = "BroadcastJobNotFound";
        public const string DeadLetterNotSent = "DeadLetterNotSent";

        // Migration.
        public const string RejectFileError = "RejectFileError";
        public const string MigrationFailed = "MigrationFailed";

        // PostgreSQL endpoint.
        public const string PostgreSqlUnreachable = "PostgreSqlUnreachable";
        public const string PostgreSqlAuthenticationFailed = "PostgreSqlAuthenticationFailed";
        public const string PostgreSqlDatabaseNotFound = "PostgreSqlDatabaseNotFound";
        public const string PostgreSqlTableNotFound = "PostgreSqlTableNotFound";
        public const string PostgreSqlError = "PostgreSqlError";

        // Tryton and Vendure connectors, and the HTTP transport they share.
        public const string HttpRequestFailed = "HttpRequestFailed";
        public const string HttpOutcomeUnknown = "HttpOutcomeUnknown";
        public const string RemoteLoginFailed = "RemoteLoginFailed";
        public const string RemoteCallFailed = "RemoteCallFailed";
        public const string TrytonRecordNotFound = "TrytonRecordNotFound";
        public const string VendureSkuExists = "VendureSkuExists";
        public const string VendureRecordNotFound = "VendureRecordNotFound";
        public const string EntityNotSupported = "EntityNotSupported";
    }
}
