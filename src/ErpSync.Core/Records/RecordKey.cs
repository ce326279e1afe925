using System;
using System.Collections.Generic;
using System.Linq;

namespace ErpSync.Core.Records
{
    /// <summary>
    /// The key of one record: the raw values as stored in the system, and the normalized form that
    /// decides equality. Two keys are equal when their normalized forms are.
    /// </summary>
    public sealed class RecordKey : IEquatable<RecordKey>
    {
        /// <summary>Separates composite key parts in <see cref="Normalized"/>; a unit separator cannot appear in keys typed by people.</summary>
        public const char PartSeparator = '\u001F';

        public RecordKey(IReadOnlyList<string> rawParts, KeyNormalization normalization)
        {
            if (rawParts.Count == 0)
            {
                throw new ArgumentException("A key needs at least one part.", nameof(rawParts));
            }

            RawParts = rawParts;
            Normalized = rawParts.Count == 1
                ? normalization.Normalize(rawParts[0])
                : string.Join(PartSeparator.ToString(), rawParts.Select(normalization.Normalize));
        }

        private RecordKey(IReadOnlyList<string> rawParts, string normalized)
        {
            RawParts = rawParts;
            Normalized = normalized;
        }

        /// <summary>The key values as read from the system, used to address the record there.</summary>
        public IReadOnlyList<string> RawParts { get; }

        /// <summary>The comparable form; the identity of the key across systems.</summary>
        public string Normalized { get; }

        /// <summary>Recreates a key from its stored normalized form, for keys read back from the state store.</summary>
        public static RecordKey FromNormalized(string normalized) =>
            new RecordKey(normalized.Split(PartSeparator), normalized);

        /// <summary>Recreates a key from raw parts whose normalized form is already known, without normalizing them again.</summary>
        internal static RecordKey FromParts(IReadOnlyList<string> rawParts, string normalized) =>
            new RecordKey(rawParts, normalized);

        public static RecordKey Single(string value, KeyNormalization? normalization = null) =>
            new RecordKey(new[] { value }, normalization ?? KeyNormalization.Default);

        public bool Equals(RecordKey? other) => other != null && string.Equals(Normalized, other.Normalized, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as RecordKey);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Normalized);

        /// <summary>Returns the key as a person reads it: the raw parts joined by '|'.</summary>
        public override string ToString() => RawParts.Count == 1 ? RawParts[0] : string.Join("|", RawParts);
    }
}
