using System;
using System.Collections.Generic;
using System.Linq;

namespace ErpSync.Core.Endpoints.Csv
{
    /// <summary>The header row of a CSV file: trimmed names, matched case-insensitively; blank and repeated names are not read.</summary>
    internal sealed class CsvHeader
    {
        private readonly Dictionary<string, int> firstIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly bool[] used;

        public CsvHeader(string[] raw)
        {
            var names = new string[raw.Length];
            used = new bool[raw.Length];
            var duplicates = new List<string>();
            for (var i = 0; i < raw.Length; i++)
            {
                names[i] = raw[i].Trim();
                if (names[i].Length == 0)
                {
                    BlankCount++;
                    continue;
                }

                if (firstIndex.ContainsKey(names[i]))
                {
                    if (!duplicates.Contains(names[i], StringComparer.OrdinalIgnoreCase))
                    {
                        duplicates.Add(names[i]);
                    }

                    continue;
                }

                firstIndex.Add(names[i], i);
                used[i] = true;
            }

            Names = names;
            Duplicates = duplicates;
            UsedIndexes = Enumerable.Range(0, names.Length).Where(i => used[i]).ToArray();
            UsedNames = UsedIndexes.Select(i => names[i]).ToArray();
        }

        public IReadOnlyList<string> Names { get; }

        public int Count => Names.Count;

        public int BlankCount { get; }

        public IReadOnlyList<string> Duplicates { get; }

        public bool Contains(string name) => firstIndex.ContainsKey(name);

        public int IndexOf(string name) => firstIndex.TryGetValue(name, out var i) ? i : -1;

        public bool IsUsed(int index) => used[index];

        /// <summary>The positions of the columns that are read, in file order.</summary>
        public int[] UsedIndexes { get; }

        /// <summary>The names of the columns that are read, in file order; one array for every row of a read.</summary>
        public string[] UsedNames { get; }
    }

    internal static class StringListExtensions
    {
        public static bool Contains(this List<string> list, string value, StringComparer comparer)
        {
            foreach (var item in list)
            {
                if (comparer.Equals(item, value))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
