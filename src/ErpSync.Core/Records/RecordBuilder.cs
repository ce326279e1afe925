using System;
using System.Collections.Generic;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Mapping;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// Turns a row of named values (system columns, object properties) into a typed record: maps
    /// names, coerces values to the schema's types, builds the key and reads the modification time.
    /// A value that does not convert, or a missing key, gives an error naming the field instead.
    /// </summary>
    public sealed class RecordBuilder
    {
        private readonly EntitySchema schema;
        private readonly FieldMap map;
        private readonly ValueCoercer coercer;
        private readonly KeyNormalization normalization;
        private readonly string? modifiedField;
        private readonly ICollection<string> ignoredFields;

        // Rows of one read repeat the same columns, so each column's field name and type are looked up once.
        private readonly Dictionary<string, (string Field, FieldType Type)> columnFields =
            new Dictionary<string, (string Field, FieldType Type)>(StringComparer.Ordinal);

        // The field layout of the last record built, which the next record of the read shares.
        private object? sharedLayout;

        // The column array last passed to Build(string[], ...) and the field of each of its columns.
        private string[]? targetColumns;
        private ColumnTarget[] targets = Array.Empty<ColumnTarget>();

        public RecordBuilder(EndpointOptions options, string source, string positionLabel = "line")
            : this(options.Schema, options.Map, options.Coercer, options.KeyNormalization, options.ModifiedField, options.IgnoredFields, options.Name, source, positionLabel)
        {
        }

        public RecordBuilder(
            EntitySchema schema,
            FieldMap map,
            ValueCoercer coercer,
            KeyNormalization normalization,
            string? modifiedField,
            ICollection<string>? ignoredFields,
            string? sourceName,
            string source,
            string positionLabel = "line")
        {
            this.schema = schema;
            this.map = map;
            this.coercer = coercer;
            this.normalization = normalization;
            this.modifiedField = modifiedField;
            this.ignoredFields = ignoredFields ?? Array.Empty<string>();
            SourceName = sourceName;
            Source = source;
            PositionLabel = positionLabel;
        }

        /// <summary>The endpoint name stored in each record's Source.</summary>
        public string? SourceName { get; }

        /// <summary>Where the rows come from, as named in error messages.</summary>
        public string Source { get; }

        public string PositionLabel { get; }

        public EntitySchema Schema => schema;

        public ReadItem Build(IEnumerable<KeyValuePair<string, object?>> row, long? position, string? nativeId = null)
        {
            var fields = sharedLayout == null ? new RecordFields() : RecordFields.Like(sharedLayout);
            string? failedField = null;
            try
            {
                foreach (var pair in row)
                {
                    var (name, type) = FieldOf(pair.Key);
                    if (ignoredFields.Contains(name))
                    {
                        continue;
                    }

                    failedField = name;
                    if (fields.Contains(name))
                    {
                        return DuplicateField(fields, name, pair.Key, position);
                    }

                    fields.Set(name, coercer.Coerce(name, pair.Value, type));
                }
            }
            catch (ValueCoercionException ex)
            {
                var error = RecordError.FromException(ex, Source, position, TryKey(fields));
                error.PositionLabel = PositionLabel;
                error.Target = fields;
                return ReadItem.Failed(error);
            }

            sharedLayout = fields.Count > 0 ? fields.ShareLayout() : null;
            return BuildFromFields(fields, position, nativeId);
        }

        /// <summary>
        /// Builds a record from one row of values in the order of <paramref name="columns"/>, with the same
        /// outcome as <see cref="Build(IEnumerable{KeyValuePair{string, object}}, long?, string)"/> for the
        /// same pairs. A read passes the same column array for every row, so its fields are resolved once.
        /// </summary>
        public ReadItem Build(string[] columns, object?[] values, long? position)
        {
            var targets = TargetsOf(columns);
            var fields = sharedLayout == null ? new RecordFields() : RecordFields.Like(sharedLayout);
            try
            {
                for (var i = 0; i < targets.Length; i++)
                {
                    var target = targets[i];
                    if (target.Ignored)
                    {
                        continue;
                    }

                    if (target.Repeated)
                    {
                        return DuplicateField(fields, target.Field, columns[i], position);
                    }

                    fields.Set(target.Field, coercer.Coerce(target.Field, values[i], target.Type));
                }
            }
            catch (ValueCoercionException ex)
            {
                var error = RecordError.FromException(ex, Source, position, TryKey(fields));
                error.PositionLabel = PositionLabel;
                error.Target = fields;
                return ReadItem.Failed(error);
            }

            sharedLayout = fields.Count > 0 ? fields.ShareLayout() : null;
            return BuildFromFields(fields, position);
        }

        /// <summary>Builds a record from fields that already carry the schema's names and types.</summary>
        public ReadItem BuildFromFields(RecordFields fields, long? position, string? nativeId = null)
        {
            var key = ErpRecord.BuildKey(fields, schema.KeyFields, normalization, out var missing);
            if (key == null)
            {
                var column = map.ToNativeName(missing!);
                var hint = fields.Contains(missing!)
                    ? "Fill in the key or remove the row."
                    : $"The data has no field '{column}'; map the key with -Map @{{ {missing} = 'column' }} or name the key with -Key.";
                return ReadItem.Failed(new RecordError(ErrorIds.KeyMissing, $"The key field '{missing}' is empty. {hint}")
                {
                    Source = Source,
                    Position = position,
                    PositionLabel = PositionLabel,
                    Field = missing,
                    Target = fields,
                });
            }

            var record = new ErpRecord(schema.Name, key, fields)
            {
                Source = SourceName,
                Position = position,
                NativeId = nativeId,
            };

            if (modifiedField != null && fields.Get(modifiedField) is DateTimeOffset modified)
            {
                record.ModifiedAt = modified;
            }

            return ReadItem.Of(record);
        }

        /// <summary>Returns a field's type; the modification field is a date-time even where the schema does not type it.</summary>
        public FieldType TypeOf(string field)
        {
            var defined = schema.Find(field);
            if (defined != null)
            {
                return defined.Type;
            }

            return string.Equals(field, modifiedField, StringComparison.OrdinalIgnoreCase) ? FieldType.DateTime : FieldType.Text;
        }

        private (string Field, FieldType Type) FieldOf(string column)
        {
            if (!columnFields.TryGetValue(column, out var field))
            {
                var name = map.ToEntityName(column, schema);
                field = (name, TypeOf(name));
                columnFields.Add(column, field);
            }

            return field;
        }

        /// <summary>Returns the field of each column, resolved once for the column array of a read.</summary>
        private ColumnTarget[] TargetsOf(string[] columns)
        {
            if (ReferenceEquals(columns, targetColumns))
            {
                return targets;
            }

            var resolved = new ColumnTarget[columns.Length];
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < columns.Length; i++)
            {
                var (name, type) = FieldOf(columns[i]);
                var ignored = ignoredFields.Contains(name);
                resolved[i] = new ColumnTarget(name, type, ignored, repeated: !ignored && !seen.Add(name));
            }

            targetColumns = columns;
            targets = resolved;
            return resolved;
        }

        /// <summary>Returns the error for a row that gives one field twice (for example 'Sku' and 'sku' in one JSON object), since either value could be the wrong one.</summary>
        private ReadItem DuplicateField(RecordFields fields, string field, string nativeName, long? position) =>
            ReadItem.Failed(new RecordError(ErrorIds.FieldDuplicate, $"The field '{field}' is given twice in this row (the second time as '{nativeName}'). Remove one of them, or map them to different fields with -Map.")
            {
                Source = Source,
                Position = position,
                PositionLabel = PositionLabel,
                Key = TryKey(fields),
                Field = field,
                Target = fields,
            });

        private string? TryKey(RecordFields fields) =>
            ErpRecord.BuildKey(fields, schema.KeyFields, normalization, out _)?.ToString();

        /// <summary>The field a column fills, and whether the row skips it or gives that field a second time.</summary>
        private readonly struct ColumnTarget
        {
            public ColumnTarget(string field, FieldType type, bool ignored, bool repeated)
            {
                Field = field;
                Type = type;
                Ignored = ignored;
                Repeated = repeated;
            }

            public string Field { get; }

            public FieldType Type { get; }

            public bool Ignored { get; }

            public bool Repeated { get; }
        }
    }
}
