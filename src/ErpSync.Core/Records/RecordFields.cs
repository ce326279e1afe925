using System;
using System.Collections;
using System.Collections.Generic;

namespace ErpSync.Core.Records
{
    /// <summary>The fields of a record: ordered as read, looked up case-insensitively.</summary>
    /// <remarks>
    /// The records of one read carry the same names in the same order, so the record builder lets each
    /// record share the name list and lookup of the record before it, and a record holds only its values.
    /// A shared layout is never changed: a record that adds or removes a name first copies it.
    /// </remarks>
    public sealed class RecordFields : IEnumerable<KeyValuePair<string, object?>>
    {
        private Layout layout;
        private object?[] values;
        private int count;

        public RecordFields()
        {
            layout = new Layout();
            values = Array.Empty<object?>();
        }

        private RecordFields(Layout shared)
        {
            layout = shared;
            values = new object?[shared.Names.Count];
        }

        public event EventHandler? Changed;

        public int Count => count;

        public IReadOnlyList<string> Names
        {
            get
            {
                if (count < layout.Names.Count)
                {
                    // Fewer fields were set than the shared layout lists, so the record takes its own copy.
                    Own();
                }

                return layout.Names;
            }
        }

        /// <summary>True when <see cref="Names"/> is a shared list, which no record changes any more.</summary>
        internal bool HasSharedNames => layout.Shared && count == layout.Names.Count;

        /// <summary>Returns empty fields that use a layout from <see cref="ShareLayout"/> while they are set in its order.</summary>
        internal static RecordFields Like(object sharedLayout) => new RecordFields((Layout)sharedLayout);

        /// <summary>Marks the layout of these fields as shared and returns it for <see cref="Like"/>.</summary>
        internal object ShareLayout()
        {
            if (count < layout.Names.Count)
            {
                Own();
            }

            layout.Shared = true;
            return layout;
        }

        public bool Contains(string name) => IndexOf(name) >= 0;

        /// <summary>Returns the value of a field, or null when the record has no such field.</summary>
        public object? Get(string name)
        {
            var i = IndexOf(name);
            return i >= 0 ? values[i] : null;
        }

        /// <summary>Returns the value of the field at a position of <see cref="Names"/>.</summary>
        public object? ValueAt(int position)
        {
            if ((uint)position >= (uint)count)
            {
                throw new ArgumentOutOfRangeException(nameof(position));
            }

            return values[position];
        }

        public bool TryGet(string name, out object? value)
        {
            var i = IndexOf(name);
            if (i >= 0)
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
            var i = IndexOf(name);
            if (i >= 0)
            {
                values[i] = value;
            }
            else if (count < layout.Names.Count && string.Equals(layout.Names[count], name, StringComparison.Ordinal))
            {
                // The next name of the shared layout: only the value is stored.
                values[count++] = value;
            }
            else
            {
                if (layout.Shared || count < layout.Names.Count)
                {
                    Own();
                }

                layout.Add(name);
                Append(value);
            }

            Changed?.Invoke(this, EventArgs.Empty);
        }

        public bool Remove(string name)
        {
            var i = IndexOf(name);
            if (i < 0)
            {
                return false;
            }

            Own();
            layout.RemoveAt(i);
            Array.Copy(values, i + 1, values, i, count - i - 1);
            count--;
            values[count] = null;
            Changed?.Invoke(this, EventArgs.Empty);
            return true;
        }

        public RecordFields Clone()
        {
            var copy = new RecordFields();
            for (var i = 0; i < count; i++)
            {
                copy.Set(layout.Names[i], values[i]);
            }

            return copy;
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return new KeyValuePair<string, object?>(layout.Names[i], values[i]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private int IndexOf(string name) =>
            layout.Index.TryGetValue(name, out var i) && i < count ? i : -1;

        private void Append(object? value)
        {
            if (count == values.Length)
            {
                Array.Resize(ref values, Math.Max(4, count * 2));
            }

            values[count++] = value;
        }

        /// <summary>Replaces a shared or longer layout with a private copy of the names this record has.</summary>
        private void Own()
        {
            layout = layout.CopyFirst(count);
        }

        /// <summary>Field names in order with their case-insensitive positions; immutable once shared.</summary>
        private sealed class Layout
        {
            private readonly List<string> names;

            public Layout()
                : this(new List<string>(), new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase))
            {
            }

            private Layout(List<string> names, Dictionary<string, int> index)
            {
                this.names = names;
                Index = index;
            }

            public IReadOnlyList<string> Names => names;

            public Dictionary<string, int> Index { get; }

            /// <summary>True once another record may use this layout, so no record changes it any more.</summary>
            public bool Shared { get; set; }

            public void Add(string name)
            {
                Index.Add(name, names.Count);
                names.Add(name);
            }

            public void RemoveAt(int position)
            {
                names.RemoveAt(position);
                Index.Clear();
                for (var j = 0; j < names.Count; j++)
                {
                    Index.Add(names[j], j);
                }
            }

            public Layout CopyFirst(int length)
            {
                var copy = new Layout(new List<string>(length + 4), new Dictionary<string, int>(length + 4, StringComparer.OrdinalIgnoreCase));
                for (var i = 0; i < length; i++)
                {
                    copy.Add(names[i]);
                }

                return copy;
            }
        }
    }
}
