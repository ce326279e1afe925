namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>How a side spells a key compared with the index's normalized key.</summary>
    internal enum KeySpellingKind : byte
    {
        /// <summary>As the normalized key itself.</summary>
        Normalized,

        /// <summary>As the lower-case form of the normalized key, such as an e-mail address.</summary>
        LowerCase,

        /// <summary>Otherwise; the index keeps the side's own key.</summary>
        Kept,
    }
}
