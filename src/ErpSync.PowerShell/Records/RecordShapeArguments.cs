using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ErpSync.Core;
using ErpSync.Core.Mapping;
using ErpSync.Core.Records;

namespace ErpSync.PowerShell.Records
{
    /// <summary>
    /// Turns the parameters that describe a record's shape (-Entity, -Key, -Schema, -Map, -Culture,
    /// -TimeZone), shared by New-ErpEndpoint and ConvertTo-ErpRecord, into engine objects.
    /// </summary>
    internal static class RecordShapeArguments
    {
        public static EntitySchema ResolveSchema(string entity, IReadOnlyList<string>? key, object? schema) =>
            SchemaCatalog.Resolve(entity, key, schema is PSObject wrapped ? wrapped.BaseObject : schema);

        public static FieldMap ToFieldMap(Hashtable? map) =>
            map == null
                ? FieldMap.Empty
                : new FieldMap(map.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? string.Empty));

        public static CultureInfo ResolveCulture(string? name)
        {
            if (name == null)
            {
                return CultureInfo.InvariantCulture;
            }

            try
            {
                return CultureInfo.GetCultureInfo(name);
            }
            catch (CultureNotFoundException)
            {
                throw new ErpSyncException(ErrorIds.EndpointInvalid, $"The culture '{name}' is not known. Use a name such as en-US or de-DE.", kind: ErrorKind.InvalidArgument);
            }
        }

        public static TimeZoneInfo ResolveTimeZone(string? id)
        {
            if (id == null)
            {
                return TimeZoneInfo.Utc;
            }

            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
            {
                throw new ErpSyncException(ErrorIds.EndpointInvalid, $"The time zone '{id}' is not known on this machine. Use an IANA id such as Europe/Berlin or a Windows id such as W. Europe Standard Time.", ex, ErrorKind.InvalidArgument);
            }
        }
    }
}
