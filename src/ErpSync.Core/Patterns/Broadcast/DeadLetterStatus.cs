namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>The outcome of re-sending a dead letter.</summary>
    public enum DeadLetterStatus
    {
        /// <summary>The target accepted it; it left the dead letter list.</summary>
        Delivered,

        /// <summary>The target already received a later change of the key; the letter was dropped unsent.</summary>
        Superseded,

        /// <summary>The target rejected it again; it stays a dead letter.</summary>
        Failed,
    }
}
