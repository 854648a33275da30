using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// The application's client-credentials tokens, by <see cref="ClientCredentialsOptions.CacheKey"/>: kept in memory until
/// shortly before they expire, requested once however many calls need one at the same time, shared with the other
/// servers through the application's distributed cache when it has one, and not requested again for a while after a
/// request failed. A singleton.
/// </summary>
/// <remarks>
/// The token core does the shared work: one request per key (<see cref="SingleFlight{TResult}"/>), entries protected by
/// Data Protection under the purpose <c>OAuth2Generic.ClientCredentials.v1</c> and then the key
/// (<see cref="ProtectedCacheEntries{T}"/>), and the renewal time (<see cref="TokenLifetime"/>). The key is a hash and
/// holds no secret.
/// </remarks>
internal sealed class ClientCredentialsTokenCache
{
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _renewedAfterRefusal = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FailedTokenRequest> _failures = new(StringComparer.Ordinal);
    private readonly SingleFlight<CachedToken> _requests = new();
    private readonly ProtectedCacheEntries<SharedToken>? _shared;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OAuth2GenericMetrics? _metrics;

    public ClientCredentialsTokenCache(IServiceProvider services)
    {
        _metrics = services.GetService<OAuth2GenericMetrics>();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OAuth2Generic.ClientCredentials");
        _shared = ProtectedCacheEntries<SharedToken>.For(
            services, "OAuth2Generic.ClientCredentials.v1", ClientCredentialsJsonContext.Default.SharedToken, SharedCacheFailed);
    }

    /// <summary>
    /// A token for the options' client: the cached one while it is not due for renewal, else a new one, requested once
    /// for every caller that asks meanwhile.
    /// </summary>
    /// <param name="options">The client.</param>
    /// <param name="cancellationToken">Stops this caller's wait; the request itself goes on for the others.</param>
    /// <exception cref="OAuth2GenericException">The token request failed, now or lately (see <see cref="ClientCredentialsOptions.RetryDelay"/>).</exception>
    public ValueTask<string> GetAsync(ClientCredentialsOptions options, CancellationToken cancellationToken)
    {
        var key = options.CacheKey;
        var cached = Usable(key, refused: null);
        _metrics?.ClientCredentialsLookup(cached is null ? "miss" : "hit");
        return cached is not null
            ? ValueTask.FromResult(cached.AccessToken)
            : RequestOnceAsync(options, key, refused: null, joinedAgain: false, cancellationToken);
    }

    /// <summary>
    /// A token to send again after the API refused <paramref name="refused"/> with a 401: a newer one another call got
    /// meanwhile, the one a request in flight brings, or a new one; none (null) when a renewal after a refusal was made
    /// less than <see cref="ClientCredentialsOptions.RenewAfterRefusalInterval"/> ago and brought a token the API refused
    /// too (an API that refuses every token of this client must not make each call a token request).
    /// </summary>
    public async ValueTask<string?> RenewAfterRefusalAsync(ClientCredentialsOptions options, string refused, CancellationToken cancellationToken)
    {
        var key = options.CacheKey;
        if (Usable(key, refused) is { } cached)
        {
            return cached.AccessToken;
        }

        var now = _time.GetUtcNow();
        if (BackingOff(key) is not null)
        {
            // Within the back-off no token can be had: the API's 401 is the answer, and no renewal is spent on it.
            return null;
        }

        if (!_requests.IsRunning(key))
        {
            if (_renewedAfterRefusal.TryGetValue(key, out var renewed) && now - renewed < options.RenewAfterRefusalInterval)
            {
                return null;
            }

            _renewedAfterRefusal[key] = now;
        }

        return await RequestOnceAsync(options, key, refused, joinedAgain: false, cancellationToken);
    }

    private async ValueTask<string> RequestOnceAsync(
        ClientCredentialsOptions options, string key, string? refused, bool joinedAgain, CancellationToken cancellationToken)
    {
        if (BackingOff(key) is { } failure)
        {
            // Within the back-off: another server's token if it has one, else the failure again, without a request
            // (Cognito throttles per account, and every call of a busy app would otherwise be one more token request).
            if (await ReadSharedAsync(key, refused) is not { } shared)
            {
                throw failure.Repeat(options.TokenHost);
            }

            _tokens[key] = shared;
            return shared.AccessToken;
        }

        var request = _requests.RunAsync(key, (Cache: this, Options: options, Key: key, Refused: refused), static state => state.Cache.RequestAsync(state.Options, state.Key, state.Refused));
        var token = (await request.WaitAsync(cancellationToken)).AccessToken;
        if (token != refused || joinedAgain)
        {
            return token;
        }

        // Joined a request that began before this caller's 401 and brought the very token the API refused: once more,
        // as a request of its own (a provider that hands out the same token again gets the 401 back to the caller).
        return await RequestOnceAsync(options, key, refused, joinedAgain: true, cancellationToken);
    }

    private async Task<CachedToken> RequestAsync(ClientCredentialsOptions options, string key, string? refused)
    {
        if (Usable(key, refused) is { } cached)
        {
            return cached;
        }

        if (BackingOff(key) is { } failure)
        {
            // A caller that looked just before the failure was remembered, and started a flight of its own.
            throw failure.Repeat(options.TokenHost);
        }

        if (await ReadSharedAsync(key, refused) is { } shared)
        {
            _tokens[key] = shared;
            return shared;
        }

        CachedToken token;
        try
        {
            using var response = await options.TokenClient.RequestTokenAsync(new ClientCredentialsGrant(options.ScopeText), _logger, CancellationToken.None);
            var now = _time.GetUtcNow();
            token = new CachedToken(response.AccessToken!, TokenLifetime.RenewAt(now, TokenLifetime.FromExpiresIn(response.ExpiresIn) ?? options.DefaultLifetime, options.RenewBefore));
        }
        catch (OAuth2GenericException exception)
        {
            RememberFailure(options, key, exception);
            throw;
        }

        _failures.TryRemove(key, out _);
        _tokens[key] = token;
        _logger.ClientCredentialsTokenReceived(options.TokenHost, token.RenewAt);
        if (_shared is not null)
        {
            await _shared.WriteAsync(key, new SharedToken(token.AccessToken, token.RenewAt.ToUnixTimeMilliseconds()), token.RenewAt - _time.GetUtcNow());
        }

        return token;
    }

    // The back-off: at least RetryDelay, or the provider's Retry-After up to MaxRetryAfter.
    private void RememberFailure(ClientCredentialsOptions options, string key, OAuth2GenericException exception)
    {
        var delay = exception.RetryAfter is { } asked && asked > options.RetryDelay
            ? (asked < options.MaxRetryAfter ? asked : options.MaxRetryAfter)
            : options.RetryDelay;
        var now = _time.GetUtcNow();
        _failures[key] = new FailedTokenRequest(exception, now, now + delay);
        _logger.ClientCredentialsBackingOff(options.TokenHost, exception.Reason, now + delay);
    }

    // Another server's token, when it is not due for renewal and is not the one the API just refused.
    private async Task<CachedToken?> ReadSharedAsync(string key, string? refused)
    {
        if (_shared is null || await _shared.ReadAsync(key) is not { Token.Length: > 0 } shared)
        {
            return null;
        }

        var token = new CachedToken(shared.Token, DateTimeOffset.FromUnixTimeMilliseconds(shared.RenewAt));
        return IsUsable(token, refused) ? token : null;
    }

    // The remembered failure of the client's last token request, while its back-off lasts.
    private FailedTokenRequest? BackingOff(string key) =>
        _failures.TryGetValue(key, out var failure) && _time.GetUtcNow() < failure.RetryAt ? failure : null;

    // The token in memory while it is not due for renewal and is not the one the API just refused.
    private CachedToken? Usable(string key, string? refused) =>
        _tokens.TryGetValue(key, out var cached) && IsUsable(cached, refused) ? cached : null;

    private bool IsUsable(CachedToken token, string? refused) => token.RenewAt > _time.GetUtcNow() && token.AccessToken != refused;

    private void SharedCacheFailed(ProtectedCacheOperation operation, Exception exception)
    {
        // The token works without the shared cache: the other servers (or this one) request their own.
        if (operation == ProtectedCacheOperation.Write)
        {
            _logger.SharedClientCredentialsTokenNotStored(exception.GetType().Name);
        }
        else
        {
            _logger.SharedClientCredentialsTokenUnreadable(exception.GetType().Name);
        }
    }
}
