using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

// How the keys stand, for the health checks: one pool probed (fetching when there are none), or many read as they are.
internal sealed partial class SigningKeys
{
    /// <summary>
    /// How the keys stand, for a health check: the keys in use (fetched now only when there are none, within the same
    /// throttle as a sign-in's fetch) and whether the last fetch failed.
    /// </summary>
    /// <returns>The number of keys in use (0 when none could be had), and the last fetch's failure, if it failed.</returns>
    public async Task<(int KeyCount, DateTimeOffset? FetchedAt, string? LastFailure)> ProbeAsync(TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await GetKeysAsync(keyId: null, rejected: null, time, logger, cancellationToken);
        }
        catch (OAuth2GenericException)
        {
            // Reported below, as the last failure.
        }

        return Peek();
    }

    /// <summary>How the keys stand, without fetching anything: for a health check over many pools.</summary>
    /// <returns>The number of keys in use, when they were fetched, and the last fetch's failure, if it failed.</returns>
    public (int KeyCount, DateTimeOffset? FetchedAt, string? LastFailure) Peek()
    {
        lock (_keys.Gate)
        {
            return (_keys.Current?.Count ?? 0, _keys.Current is null ? null : _keys.FetchedAt, _keys.LastFailure?.Message);
        }
    }
}
