namespace ErpSync.Core.Endpoints
{
    public enum WriteResultKind
    {
        Created,
        Updated,
        Deleted,
        NotFound,
        Failed,
    }
}
