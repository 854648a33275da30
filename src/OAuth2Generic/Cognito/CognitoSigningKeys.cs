using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The user pool's signing keys from <c>{issuer}/.well-known/jwks.json</c>: fetched once and shared by every sign-in,
/// fetched again after <see cref="CognitoOptions.AutomaticRefreshInterval"/>, and at once when an id_token names a key
/// that is not known yet (at most once per <see cref="CognitoOptions.RefreshInterval"/>).
/// </summary>
/// <remarks>
/// Not Microsoft.IdentityModel's <c>ConfigurationManager</c>: since 8.x it refreshes in the background, so the sign-in
/// that first meets a rotated key would fail. Fetching and parsing are still the library's (<see cref="IDocumentRetriever"/>,
/// <see cref="JsonWebKeySet"/>); only the refresh rule is here.
/// </remarks>
[SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The semaphore's wait handle is never created, so it holds nothing to dispose; the keys live as long as the options.")]
internal sealed class CognitoSigningKeys(string jwksUrl, IDocumentRetriever retriever, TimeSpan automaticRefreshInterval, TimeSpan refreshInterval)
{
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private volatile KeySet? _current;

    public string JwksUrl { get; } = jwksUrl;

    /// <summary>The keys, fetched first when none are known, when they are old, or when none has the given key id.</summary>
    /// <exception cref="OAuth2GenericException">No keys were ever fetched, and fetching them failed.</exception>
    public async Task<IList<SecurityKey>> GetKeysAsync(string? keyId, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && !NeedsFetch(current, keyId, time.GetUtcNow(), out _))
        {
            return current.Keys;
        }

        await _fetching.WaitAsync(cancellationToken);
        try
        {
            // Another sign-in may have fetched them while this one waited.
            current = _current;
            var now = time.GetUtcNow();
            if (current is not null && (!NeedsFetch(current, keyId, now, out var stale) || (!stale && now - current.FetchedAt < refreshInterval)))
            {
                return current.Keys;
            }

            try
            {
                var json = await retriever.GetDocumentAsync(JwksUrl, cancellationToken);
                var keys = new JsonWebKeySet(json).GetSigningKeys();
                _current = new KeySet(keys, now);
                logger.SigningKeysFetched(new Uri(JwksUrl).Authority, keys.Count);
                return keys;
            }
            catch (Exception exception) when (exception is IOException or ArgumentException or InvalidOperationException or HttpRequestException)
            {
                var host = new Uri(JwksUrl).Authority;
                if (current is not null)
                {
                    // The keys known so far still verify tokens signed before a rotation.
                    logger.SigningKeysRefreshFailed(host, exception.GetType().Name);
                    return current.Keys;
                }

                throw new OAuth2GenericException(
                    SignInStep.IdToken,
                    $"The user pool's signing keys could not be fetched from {JwksUrl} ({exception.GetType().Name}): check Issuer (or Region and UserPoolId).",
                    exception)
                {
                    IsTransient = exception is not ArgumentException,
                };
            }
        }
        finally
        {
            _fetching.Release();
        }
    }

    private bool NeedsFetch(KeySet current, string? keyId, DateTimeOffset now, out bool stale)
    {
        stale = now - current.FetchedAt >= automaticRefreshInterval;
        return stale || (keyId is not null && !current.Keys.Any(key => key.KeyId == keyId));
    }

    private sealed record KeySet(IList<SecurityKey> Keys, DateTimeOffset FetchedAt);
}
