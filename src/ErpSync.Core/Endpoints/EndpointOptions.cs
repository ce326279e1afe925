using System;
using System.Collections.Generic;
using System.Globalization;
using ErpSync.Core.Mapping;
using ErpSync.Core.Records;

namespace ErpSync.Core.Endpoints
{
    /// <summary>What every endpoint is configured with, whatever system it reads.</summary>
    public sealed class EndpointOptions
    {
        public EndpointOptions(string name, EntitySchema schema)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ErpSyncException(ErrorIds.EndpointInvalid, "An endpoint needs a name. Pass -Name.", kind: ErrorKind.InvalidArgument);
            }

            Name = name;
            Schema = schema;
        }

        public string Name { get; }

        public EntitySchema Schema { get; }

        public FieldMap Map { get; set; } = FieldMap.Empty;

        /// <summary>The schema field that holds the modification time, for changed-since reads.</summary>
        public string? ModifiedField { get; set; }

        public CultureInfo Culture { get; set; } = CultureInfo.InvariantCulture;

        public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

        public KeyNormalization KeyNormalization { get; set; } = KeyNormalization.Default;

        public string? NullText { get; set; }

        /// <summary>Fields of records read from the system that are left out of reads and compares.</summary>
        public ISet<string> IgnoredFields { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        private ValueCoercer? coercer;

        public ValueCoercer Coercer => coercer ??= new ValueCoercer(Culture, TimeZone, NullText);
    }
}
