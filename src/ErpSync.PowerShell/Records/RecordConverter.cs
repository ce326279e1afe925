using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Records;

namespace ErpSync.PowerShell.Records
{
    /// <summary>
    /// Turns pipeline input (records, hashtables, Import-Csv rows, Invoke-RestMethod results) into
    /// records of one schema. A record from another endpoint is re-keyed with this schema's key and
    /// normalization, so it addresses the right row in the target.
    /// </summary>
    public sealed class RecordConverter
    {
        private readonly RecordBuilder builder;
        private long position;

        public RecordConverter(RecordBuilder builder)
        {
            this.builder = builder;
        }

        public ReadItem Convert(object? input)
        {
            position++;
            var value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case ErpRecord record:
                    return builder.Build(record.Fields, record.Position ?? position, record.NativeId);
                case IDictionary dictionary:
                    return builder.Build(FromDictionary(dictionary), position);
                case null:
                    return builder.Build(Array.Empty<KeyValuePair<string, object?>>(), position);
                default:
                    return builder.Build(FromProperties(PSObject.AsPSObject(input)), position);
            }
        }

        private static IEnumerable<KeyValuePair<string, object?>> FromDictionary(IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                yield return new KeyValuePair<string, object?>(entry.Key?.ToString() ?? string.Empty, Unwrap(entry.Value));
            }
        }

        private static IEnumerable<KeyValuePair<string, object?>> FromProperties(PSObject input)
        {
            foreach (var property in input.Properties)
            {
                if (!property.IsGettable)
                {
                    continue;
                }

                object? value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueException)
                {
                    continue;
                }

                yield return new KeyValuePair<string, object?>(property.Name, Unwrap(value));
            }
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
