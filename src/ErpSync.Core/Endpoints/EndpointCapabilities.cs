using System;

namespace ErpSync.Core.Endpoints
{
    /// <summary>What an endpoint can do; engines plan around what it cannot.</summary>
    [Flags]
    public enum EndpointCapabilities
    {
        None = 0,
        Read = 1,
        ReadChangedSince = 2,
        Insert = 4,
        Update = 8,
        Delete = 16,
        Transactions = 32,
        NativeIds = 64,
        Write = Insert | Update | Delete,
    }
}
