using System;

namespace ErpSync.Core.Patterns.Synchronization
{
    /// <summary>Which parts of a <see cref="KeyState"/> are present.</summary>
    [Flags]
    internal enum KeyFlags : ushort
    {
        None = 0,
        Left = 1,
        Right = 2,
        Baseline = 4,

        /// <summary>The left record's native id was missing from the id map and the run matched it by key fields, so it adds the id map entry.</summary>
        LeftMatchedByKeyFields = 8,

        /// <summary>As <see cref="LeftMatchedByKeyFields"/>, for the right side.</summary>
        RightMatchedByKeyFields = 16,

        /// <summary>A hash of the key was not 32 hex digits, so its text is kept in the key's details.</summary>
        HashText = 32,

        /// <summary>The left side spells the key as the lower-case form of the normalized key, which upper-cases it.</summary>
        LeftLowerCase = 64,

        /// <summary>As <see cref="LeftLowerCase"/>, for the right side.</summary>
        RightLowerCase = 128,

        /// <summary>As <see cref="LeftLowerCase"/>, for the baseline's display key.</summary>
        BaselineLowerCase = 256,
    }
}
