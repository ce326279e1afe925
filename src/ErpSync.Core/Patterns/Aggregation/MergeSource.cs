using ErpSync.Core.Endpoints;

namespace ErpSync.Core.Patterns.Aggregation
{
    /// <summary>One source of an aggregation with its place in the precedence order and its key prefix.</summary>
    internal sealed class MergeSource
    {
        public MergeSource(Endpoint endpoint, int rank, string? keyPrefix)
        {
            Endpoint = endpoint;
            Rank = rank;
            KeyPrefix = keyPrefix;
        }

        public Endpoint Endpoint { get; }

        public string Name => Endpoint.Name;

        /// <summary>The position in the precedence order; 0 wins over every other source.</summary>
        public int Rank { get; }

        public string? KeyPrefix { get; }
    }
}
