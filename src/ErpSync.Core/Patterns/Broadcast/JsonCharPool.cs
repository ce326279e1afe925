using System.Buffers;
using Newtonsoft.Json;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>
    /// Lends Json.NET its character buffers from the shared array pool. Without a pool, each
    /// JsonTextReader allocates a buffer of 1,025 characters, which for one outbox entry of a few
    /// hundred characters is most of the memory its decoding allocates.
    /// </summary>
    internal sealed class JsonCharPool : IArrayPool<char>
    {
        public static readonly JsonCharPool Instance = new JsonCharPool();

        private JsonCharPool()
        {
        }

        public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

        public void Return(char[]? array)
        {
            if (array != null)
            {
                ArrayPool<char>.Shared.Return(array);
            }
        }
    }
}
