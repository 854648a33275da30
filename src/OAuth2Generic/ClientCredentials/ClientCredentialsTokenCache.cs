using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// The application's client-credentials tokens, by <see cref="ClientCredentialsOptions.CacheKey"/>: kept in memory until
/// shortly before they expire, requested once however many calls need one at the same time, and shared with the other
/// servers through the application's <see cref="IDistributedCache"/> when it has one. A singleton.
/// </summary>
/// <remarks>
/// A token is a secret: in the distributed cache it is stored protected by Data Protection (purpose
/// <c>OAuth2Generic.ClientCredentials.v1</c> and then the entry's key, so that an entry copied under another client's
/// key cannot be read there), so a server reads it only with the application's key ring, and the cache's
/// own store (Redis) never holds it in the clear. A server that cannot unprotect an entry (another key ring) requests its
/// own token. The key is a hash (<see cref="ClientCredentialsOptions.CacheKey"/>) and holds no secret.
/// </remarks>
internal sealed class ClientCredentialsTokenCache
{
    private const long MaxLifetimeSeconds = 365L * 24 * 3600;

    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<CachedToken>>> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _renewedAfterRefusal = new(StringComparer.Ordinal);
    private readonly IDistributedCache? _distributed;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OAuth2GenericMetrics? _metrics;

    public ClientCredentialsTokenCache(IServiceProvider services)
    {
        _metrics = services.GetService<OAuth2GenericMetrics>();
        _distributed = services.GetService<IDistributedCache>();
        _protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("OAuth2Generic.ClientCredentials.v1");
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OAuth2Generic.ClientCredentials");
    }

    /// <summary>
    /// A token for the options' client: the cached one while it is not due for renewal, else a new one, requested once
    /// for every caller that asks meanwhile.
    /// </summary>
    /// <param name="options">The client.</param>
    /// <param name="cancellationToken">Stops this caller's wait; the request itself goes on for the others.</param>
    /// <exception cref="OAuth2GenericException">The token request failed.</exception>
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
        if (!_requests.ContainsKey(key))
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
        // A request in flight serves every caller; it takes itself out when it ends, even when every caller gave up.
        Lazy<Task<CachedToken>>? mine = null;
        mine = new Lazy<Task<CachedToken>>(() => RunAsync(options, key, refused, mine!));
        var request = _requests.GetOrAdd(key, mine);
        var token = (await request.Value.WaitAsync(cancellationToken)).AccessToken;
        if (token != refused || joinedAgain)
        {
            return token;
        }

        // Joined a request that began before this caller's 401 and brought the very token the API refused: once more,
        // as a request of its own (a provider that hands out the same token again gets the 401 back to the caller).
        return await RequestOnceAsync(options, key, refused, joinedAgain: true, cancellationToken);
    }

    private async Task<CachedToken> RunAsync(ClientCredentialsOptions options, string key, string? refused, Lazy<Task<CachedToken>> self)
    {
        try
        {
            return await RequestAsync(options, key, refused);
        }
        finally
        {
            _requests.TryRemove(new KeyValuePair<string, Lazy<Task<CachedToken>>>(key, self));
        }
    }

    private async Task<CachedToken> RequestAsync(ClientCredentialsOptions options, string key, string? refused)
    {
        // Apart from the caller: one caller's abort must not fail the others waiting for the same token.
        await Task.Yield();
        if (Usable(key, refused) is { } cached)
        {
            return cached;
        }

        if (await ReadSharedAsync(key, refused) is { } shared)
        {
            _tokens[key] = shared;
            return shared;
        }

        using var response = await options.TokenClient.RequestTokenAsync(new ClientCredentialsGrant(options.ScopeText), _logger, CancellationToken.None);
        var token = new CachedToken(response.AccessToken!, RenewAt(options, response.ExpiresIn));
        _tokens[key] = token;
        _logger.ClientCredentialsTokenReceived(options.TokenHost, token.RenewAt);
        await WriteSharedAsync(key, token);
        return token;
    }

    // The token in memory while it is not due for renewal and is not the one the API just refused.
    private CachedToken? Usable(string key, string? refused) =>
        _tokens.TryGetValue(key, out var cached) && IsUsable(cached, refused) ? cached : null;

    private bool IsUsable(CachedToken token, string? refused) => token.RenewAt > _time.GetUtcNow() && token.AccessToken != refused;

    // expires_in is a count of seconds (RFC 6749 §5.1); the framework reads it as text.
    private DateTimeOffset RenewAt(ClientCredentialsOptions options, string? expiresIn)
    {
        // Bounded by a year: a hostile or broken expires_in would overflow the times made from it.
        var lifetime = long.TryParse(expiresIn, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, MaxLifetimeSeconds))
            : options.DefaultLifetime;
        var early = lifetime >= 2 * options.RenewBefore ? options.RenewBefore : lifetime / 2;
        return _time.GetUtcNow() + lifetime - early;
    }

    private async Task<CachedToken?> ReadSharedAsync(string key, string? refused)
    {
        if (_distributed is null)
        {
            return null;
        }

        try
        {
            var stored = await _distributed.GetAsync(key);
            if (stored is null)
            {
                return null;
            }

            var shared = JsonSerializer.Deserialize(_protector.CreateProtector(key).Unprotect(stored), ClientCredentialsJsonContext.Default.SharedToken);
            if (shared is not { Token.Length: > 0 })
            {
                return null;
            }

            var token = new CachedToken(shared.Token, DateTimeOffset.FromUnixTimeMilliseconds(shared.RenewAt));
            return IsUsable(token, refused) ? token : null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The cache is down, the entry was protected with another key ring, or is of another version: this server
            // requests a token of its own.
            _logger.SharedClientCredentialsTokenUnreadable(exception.GetType().Name);
            return null;
        }
    }

    private async Task WriteSharedAsync(string key, CachedToken token)
    {
        if (_distributed is null)
        {
            return;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(
            new SharedToken(token.AccessToken, token.RenewAt.ToUnixTimeMilliseconds()), ClientCredentialsJsonContext.Default.SharedToken);
        try
        {
            await _distributed.SetAsync(key, _protector.CreateProtector(key).Protect(json), new DistributedCacheEntryOptions { AbsoluteExpiration = token.RenewAt });
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The token works without the shared cache: the other servers request their own.
            _logger.SharedClientCredentialsTokenNotStored(exception.GetType().Name);
        }
    }
}
