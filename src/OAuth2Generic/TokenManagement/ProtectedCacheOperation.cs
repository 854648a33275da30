namespace OAuth2Generic;

/// <summary>What a <see cref="ProtectedCacheEntries{T}"/> was doing when the cache or the key ring failed it.</summary>
internal enum ProtectedCacheOperation
{
    /// <summary>Reading an entry (the cache failed, or the entry could not be unprotected).</summary>
    Read,

    /// <summary>Storing an entry.</summary>
    Write,

    /// <summary>Removing an entry.</summary>
    Remove,
}
