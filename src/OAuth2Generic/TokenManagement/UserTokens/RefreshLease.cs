using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// Which server redeems a refresh token that several need at once: a lease in the distributed cache. The cache has no
/// compare-and-set, so the lease is claim-then-verify: a server that finds no lease writes a random mark, waits a moment
/// for a rival's write to land, and reads the key back; the server whose mark is there holds it.
/// </summary>
/// <remarks>
/// It makes two redemptions unlikely, not impossible (a rival whose read and write are further apart than the settle
/// time, on a server under load); the refresher re-reads the shared result before it ends a session on a refusal. A cache
/// that fails leaves this server to redeem on its own.
/// </remarks>
/// <param name="cache">The application's distributed cache.</param>
/// <param name="logger">The refresher's logger.</param>
internal sealed class RefreshLease(IDistributedCache cache, ILogger logger)
{
    // Long enough for a rival server's write to the lease key to land after ours, even on a server under load: a rival
    // that read the key empty before our write and writes more than this later would take the lease too.
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(150);

    /// <summary>Whether this server now holds the lease under <paramref name="leaseKey"/> (also when the cache failed).</summary>
    public async Task<bool> TakeAsync(string leaseKey, TimeSpan leaseTime)
    {
        try
        {
            if (await cache.GetAsync(leaseKey) is not null)
            {
                return false;
            }

            var mark = RandomNumberGenerator.GetBytes(16);
            await cache.SetAsync(leaseKey, mark, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = leaseTime });
            await Task.Delay(SettleTime);
            return await cache.GetAsync(leaseKey) is { } holder && holder.AsSpan().SequenceEqual(mark);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.SharedRefreshUnavailable(exception.GetType().Name);
            return true;
        }
    }

    /// <summary>Whether the lease is gone; null when the cache cannot tell.</summary>
    public async Task<bool?> IsReleasedAsync(string leaseKey)
    {
        try
        {
            return await cache.GetAsync(leaseKey) is null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.SharedRefreshUnavailable(exception.GetType().Name);
            return null;
        }
    }

    /// <summary>Gives the lease back; it expires on its own when the cache fails.</summary>
    public async Task ReleaseAsync(string leaseKey)
    {
        try
        {
            await cache.RemoveAsync(leaseKey);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.SharedRefreshUnavailable(exception.GetType().Name);
        }
    }
}
