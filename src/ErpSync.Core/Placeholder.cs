namespace ErpSync.Core { internal static class Placeholder {} }
