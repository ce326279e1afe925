namespace ErpSync.Core.Endpoints
{
    public enum WriteKind
    {
        Insert,
        Update,
        Upsert,
        Delete,
    }
}
