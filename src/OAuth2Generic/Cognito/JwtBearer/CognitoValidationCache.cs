using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The tokens a scheme has validated, by a SHA-256 hash of the whole token, with their claims, until each token's
/// <c>exp</c>: a token presented again is not verified again. Bounded: when full, expired entries are dropped, and a
/// token that finds no room is simply not remembered.
/// </summary>
/// <remarks>
/// Safe because a hit is the same token, byte for byte (a collision of SHA-256 is not a practical attack): nothing in
/// it can have changed, every check but the clock gives the same answer again, and the clock is checked against the
/// token's own exp at every hit, so no token lives longer than it says. What a hit does not see is a key removed from
/// the pool's JWKS after the token was validated; a Cognito token lives a day at most. The key holds no token, so the
/// cache never holds one either.
/// </remarks>
/// <param name="capacity">How many tokens are remembered at most.</param>
internal sealed class CognitoValidationCache(int capacity)
{
    private readonly ConcurrentDictionary<TokenHash, Entry> _entries = new();
    private int _count;
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

        Remove(key);
        return null;
    }

    /// <summary>Remembers a valid token's claims until <paramref name="expires"/>.</summary>
    public void Add(string token, Claim[] claims, DateTime expires, DateTime now)
    {
        if (expires <= now)
        {
            return;
        }

        if (Volatile.Read(ref _count) >= capacity)
        {
            // A sweep reads every entry: at most one every ten seconds, however many new tokens find the cache full.
            var due = Interlocked.Read(ref _nextSweep);
            if (now.Ticks >= due && Interlocked.CompareExchange(ref _nextSweep, now.AddSeconds(10).Ticks, due) == due)
            {
                RemoveExpired(now);
            }

            if (Volatile.Read(ref _count) >= capacity)
            {
                return;
            }
        }

        if (_entries.TryAdd(TokenHash.Of(token), new Entry(claims, expires)))
        {
            Interlocked.Increment(ref _count);
        }
    }

    internal int Count => Volatile.Read(ref _count);

    private void RemoveExpired(DateTime now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                Remove(key);
            }
        }
    }

    private void Remove(TokenHash key)
    {
        if (_entries.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed record Entry(Claim[] Claims, DateTime Expires);

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
