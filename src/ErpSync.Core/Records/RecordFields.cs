using System;
using System.Collections;
using System.Collections.Generic;

namespace ErpSync.Core.Records
{
    /// <summary>The fields of a record: ordered as read, looked up case-insensitively.</summary>
    public sealed class RecordFields : IEnumerable<KeyValuePair<string, object?>>
    {
        private readonly List<string> names = new List<string>();
        private readonly List<object?> values = new List<object?>();
        private readonly Dictionary<string, int> index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        public event EventHandler? Changed;

        public int Count => names.Count;

        public IReadOnlyList<string> Names => names;

        public bool Contains(string name) => index.ContainsKey(name);

        /// <summary>Returns the value of a field, or null when the record has no such field.</summary>
        public object? Get(string name) => index.TryGetValue(name, out var i) ? values[i] : null;

        /// <summary>Returns the value of the field at a position of <see cref="Names"/>.</summary>
        public object? ValueAt(int position) => values[position];

        public bool TryGet(string name, out object? value)
        {
            if (index.TryGetValue(name, out var i))
            {
                value = values[i];
                return true;
            }

            value = null;
            return false;
        }

        /// <summary>Sets a field, adding it at the end when it is new; the name keeps the spelling of its first use.</summary>
        public void Set(string name, object? value)
        {
            if (index.TryGetValue(name, out var i))
            {
                values[i] = value;
            }
            else
            {
                index.Add(name, names.Count);
                names.Add(name);
                values.Add(value);
            }

            Changed?.Invoke(this, EventArgs.Empty);
        }

        public bool Remove(string name)
        {
            if (!index.TryGetValue(name, out var i))
            {
                return false;
            }

            names.RemoveAt(i);
            values.RemoveAt(i);
            index.Clear();
            for (var j = 0; j < names.Count; j++)
            {
                index.Add(names[j], j);
            }

            Changed?.Invoke(this, EventArgs.Empty);
            return true;
        }

        public RecordFields Clone()
        {
            var copy = new RecordFields();
            for (var i = 0; i < names.Count; i++)
            {
                copy.Set(names[i], values[i]);
            }

            return copy;
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < names.Count; i++)
            {
                yield return new KeyValuePair<string, object?>(names[i], values[i]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
