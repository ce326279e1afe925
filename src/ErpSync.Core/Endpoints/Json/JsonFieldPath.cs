using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Json
{
    /// <summary>
    /// JSONPath map values. Any path that <c>JToken.SelectToken</c> accepts can be read; a write
    /// creates missing objects only along a simple path of property names such as <c>$.a.b</c> or
    /// <c>$['a']['b c']</c>, and replaces the value in place where a path already selects one.
    /// </summary>
    internal static class JsonFieldPath
    {
        private static readonly Regex SimpleSegment = new Regex(@"\G(?:\.(?<name>[A-Za-z_][A-Za-z0-9_\-]*)|\['(?<name>[^']+)'\])", RegexOptions.CultureInvariant);

        public static bool IsPath(string nativeName) => nativeName.StartsWith("$", StringComparison.Ordinal);

        /// <summary>Throws when a path cannot be parsed, so a typing mistake fails when the endpoint is created.</summary>
        public static void Validate(string path)
        {
            try
            {
                new JObject().SelectToken(path);
            }
            catch (Exception ex) when (ex is Newtonsoft.Json.JsonException || ex is ArgumentException)
            {
                throw new ErpSyncException(
                    ErrorIds.EndpointInvalid,
                    $"The map value '{path}' is not a valid JSONPath: {ex.Message} Write paths like $.address.city.",
                    ex,
                    ErrorKind.InvalidArgument);
            }
        }

        /// <summary>Returns the property names of a simple path, or null when the path uses filters, wildcards or indexes.</summary>
        public static IReadOnlyList<string>? SimpleSegments(string path)
        {
            if (!IsPath(path))
            {
                return null;
            }

            var names = new List<string>();
            var position = 1;
            while (position < path.Length)
            {
                var match = SimpleSegment.Match(path, position);
                if (!match.Success || match.Index != position)
                {
                    return null;
                }

                names.Add(match.Groups["name"].Value);
                position += match.Length;
            }

            return names.Count > 0 ? names : null;
        }

        /// <summary>Returns the top-level property a path starts in, or null when that is not a plain property name.</summary>
        public static string? RootProperty(string path)
        {
            var match = SimpleSegment.Match(path, 1);
            return match.Success && match.Index == 1 ? match.Groups["name"].Value : null;
        }

        /// <summary>Sets the value a path addresses; returns false when the path selects nothing and is not simple enough to create.</summary>
        public static bool TrySet(JObject target, string path, JToken value)
        {
            var existing = target.SelectToken(path);
            if (existing != null && existing.Parent != null)
            {
                existing.Replace(value);
                return true;
            }

            var segments = SimpleSegments(path);
            if (segments == null)
            {
                return false;
            }

            var current = target;
            for (var i = 0; i < segments.Count - 1; i++)
            {
                var child = current[segments[i]];
                if (child == null || child.Type == JTokenType.Null)
                {
                    var created = new JObject();
                    current[segments[i]] = created;
                    current = created;
                    continue;
                }

                if (child is not JObject childObject)
                {
                    return false;
                }

                current = childObject;
            }

            current[segments[segments.Count - 1]] = value;
            return true;
        }
    }
}
