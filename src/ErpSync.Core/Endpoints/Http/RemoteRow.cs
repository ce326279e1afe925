using System;
using System.Collections.Generic;

namespace ErpSync.Core.Endpoints.Http
{
    /// <summary>One record as an API returned it: schema-named values, the system's id and its modification time.</summary>
    public sealed class RemoteRow
    {
        public RemoteRow(string nativeId, DateTimeOffset? modifiedAt)
        {
            NativeId = nativeId;
            ModifiedAt = modifiedAt;
        }

        public List<KeyValuePair<string, object?>> Fields { get; } = new List<KeyValuePair<string, object?>>();

        public string NativeId { get; }

        public DateTimeOffset? ModifiedAt { get; }

        public RemoteRow Add(string field, object? value)
        {
            Fields.Add(new KeyValuePair<string, object?>(field, value));
            return this;
        }
    }
}
