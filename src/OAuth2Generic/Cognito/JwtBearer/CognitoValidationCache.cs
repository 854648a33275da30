using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The tokens a scheme has validated, by a SHA-256 hash of the whole token, with their claims, until each token's
/// <c>exp</c>: a token presented again is not verified again. Bounded by memory: each entry counts for an estimate of
/// what it keeps (never less than it really keeps), the total stays within the size limit, and a token that would pass
/// it, once expired entries are dropped, is simply not remembered; nor is a token longer than the longest remembered.
/// </summary>
/// <remarks>
/// Safe because a hit is the same token, byte for byte (a collision of SHA-256 is not a practical attack): nothing in
/// it can have changed, every check but the clock gives the same answer again, and the clock is checked against the
/// token's own exp at every hit, so no token lives longer than it says. What a hit does not see is a key removed from
/// the pool's JWKS after the token was validated; a Cognito token lives a day at most. The key holds no token, so the
/// cache never holds one either.
/// </remarks>
/// <param name="sizeLimit">The estimated bytes the entries may keep in all.</param>
/// <param name="maxTokenSize">The longest token remembered, in characters.</param>
internal sealed class CognitoValidationCache(long sizeLimit, int maxTokenSize)
{
    // What an entry keeps besides its claims, on a 64-bit runtime, rounded up: the entry (40 bytes), the dictionary's
    // node (72) and its share of the buckets (16), the claim array's header (24), and the ClaimsIdentity that every claim
    // names as its Subject, with its two lists (about 300).
    private const int EntryOverhead = 512;

    // Each claim: the Claim object (nine fields, 88 bytes), its slot in the claim array (8) and in the identity's list
    // (8, or 16 while the list has grown to twice what it holds): about 100 bytes, rounded up.
    private const int ClaimOverhead = 128;

    // Each string: header, method table, length and terminator (22 bytes), rounded up to the 8-byte alignment and beyond.
    private const int StringOverhead = 32;

    private readonly ConcurrentDictionary<TokenHash, Entry> _entries = new();
    private long _size;
    private long _nextSweep;

    /// <summary>The claims of a token validated before and not expired at <paramref name="now"/>, or null.</summary>
    public Claim[]? Find(string token, DateTime now)
    {
        var key = TokenHash.Of(token);
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.Expires > now)
        {
            return entry.Claims;
        }

        Remove(key, entry);
        return null;
    }

    /// <summary>Remembers a valid token's claims until <paramref name="expires"/>, if the token and its claims fit.</summary>
    public void Add(string token, Claim[] claims, DateTime expires, DateTime now)
    {
        if (expires <= now || token.Length > maxTokenSize)
        {
            return;
        }

        var size = EstimatedSize(claims);
        if (!Reserve(size, now))
        {
            return;
        }

        if (!_entries.TryAdd(TokenHash.Of(token), new Entry(claims, expires, size)))
        {
            // The same token, remembered meanwhile by another request.
            Interlocked.Add(ref _size, -size);
        }
    }

    internal int Count => _entries.Count;

    /// <summary>The estimated bytes the entries keep.</summary>
    internal long Size => Interlocked.Read(ref _size);

    /// <summary>
    /// An upper bound of the bytes an entry with these claims keeps: the fixed parts, and each claim with its type and
    /// value (two bytes a character). The value type is one of the framework's constants, and the issuer one string for
    /// all the claims of a token, counted once.
    /// </summary>
    internal static long EstimatedSize(Claim[] claims)
    {
        var size = EntryOverhead + ((long)claims.Length * ClaimOverhead);
        foreach (var claim in claims)
        {
            size += StringSize(claim.Type) + StringSize(claim.Value);
        }

        return claims.Length == 0 ? size : size + StringSize(claims[0].Issuer);
    }

    private static long StringSize(string value) => StringOverhead + (2L * value.Length);

    // Takes size bytes of the limit; when they would pass it, drops the expired entries first.
    private bool Reserve(long size, DateTime now)
    {
        if (TryTake(size))
        {
            return true;
        }

        // A sweep reads every entry: at most one every ten seconds, however many new tokens find the cache full.
        var due = Interlocked.Read(ref _nextSweep);
        if (now.Ticks >= due && Interlocked.CompareExchange(ref _nextSweep, now.AddSeconds(10).Ticks, due) == due)
        {
            RemoveExpired(now);
            return TryTake(size);
        }

        return false;
    }

    // A compare-and-swap rather than an add undone on failure: the total never passes the limit, even for a moment.
    private bool TryTake(long size)
    {
        var current = Interlocked.Read(ref _size);
        while (true)
        {
            if (size > sizeLimit - current)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _size, current + size, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }
    }

    private void RemoveExpired(DateTime now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                Remove(key, entry);
            }
        }
    }

    // Only this entry: another request may have replaced it since it was read, and the size taken is the entry's own.
    private void Remove(TokenHash key, Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<TokenHash, Entry>(key, entry)))
        {
            Interlocked.Add(ref _size, -entry.Size);
        }
    }

    private sealed record Entry(Claim[] Claims, DateTime Expires, long Size);

    // The 32 bytes of SHA-256 as four longs: a key that compares and hashes without an array or a string.
    private readonly record struct TokenHash(long A, long B, long C, long D)
    {
        public static TokenHash Of(string token)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            var length = Encoding.UTF8.GetMaxByteCount(token.Length);
            byte[]? rented = null;
            Span<byte> bytes = length <= 4096 ? stackalloc byte[length] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length));
            try
            {
                SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(token, bytes)], hash);
            }
            finally
            {
                if (rented is not null)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(rented, clearArray: true);
                }
            }

            var longs = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(hash);
            return new TokenHash(longs[0], longs[1], longs[2], longs[3]);
        }
    }
}
