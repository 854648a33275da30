using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// One redemption per refresh token and access token pair, for the whole application: the requests of one session that
/// need a refresh at the same time wait for the one redemption in flight on this server, and its result is kept, so that
/// a request still carrying the old cookie takes it instead of redeeming the refresh token again (which a provider that
/// rotates refresh tokens would refuse). Once a request has saved the new tokens in the session's cookie
/// (<see cref="ClaimAsync"/>), the result is kept only for <see cref="OAuth2GenericOptions.RefreshResultLifetime"/>; until
/// then (the caller gave up, the response could not carry the cookie) it is kept while its access token lives, since it
/// is the only copy of a rotated refresh token.
/// </summary>
/// <remarks>
/// <para>
/// With a distributed cache the result is kept there only, protected (<see cref="ProtectedCacheEntries{T}"/>), so that a
/// sign-out on any server forgets it for all of them; before redeeming, a server takes a <see cref="RefreshLease"/>, and
/// the others wait for the holder's result. Without one, it is kept in this server's memory.
/// </para>
/// <para>
/// A kept result is forgotten early (<see cref="ForgetAsync"/>) when the session it produced signs out or its refresh
/// token is refused: a copy of the cookie from before the refresh then redeems its own refresh token, which the provider
/// refuses after a global sign-out or a revocation.
/// </para>
/// </remarks>
internal sealed class RefreshRedemptions
{
    private static readonly TimeSpan SharedPollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxUnclaimedLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan UnknownExpiryLifetime = TimeSpan.FromMinutes(10);

    private readonly SingleFlight<Redemption> _inFlight = new();
    private readonly ConcurrentDictionary<string, (Redemption Result, DateTimeOffset Until)> _kept = new(StringComparer.Ordinal);
    private readonly ProtectedCacheEntries<SharedRedemption>? _shared;
    private readonly RefreshLease? _lease;
    private readonly ILogger _logger;
    private readonly ExpiredEntryPruner _pruner = new();

    public RefreshRedemptions(IServiceProvider services, ILogger logger)
    {
        _logger = logger;
        _shared = ProtectedCacheEntries<SharedRedemption>.For(
            services, "OAuth2Generic.Refresh.v1", RefreshJsonContext.Default.SharedRedemption, (_, exception) => logger.SharedRefreshUnavailable(exception.GetType().Name));
        _lease = _shared is null ? null : new RefreshLease(_shared.Cache, logger);
    }

    /// <summary>
    /// The key of one refresh: the scheme, the refresh token and the access token it replaces (a provider that does not
    /// rotate refresh tokens keeps the same one for every refresh), hashed, so that no cache ever holds a token as a key.
    /// </summary>
    public static string Key(string scheme, string refreshToken, string? accessToken)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scheme}\n{refreshToken}\n{accessToken}"));
        return "OAuth2Generic.Refresh." + Base64Url.EncodeToString(hash);
    }

    /// <summary>
    /// The redemption of <paramref name="refreshToken"/> under <paramref name="key"/>: one kept or in flight, else a new
    /// one, run apart from every caller (<paramref name="cancellationToken"/> stops only this caller's wait).
    /// </summary>
    public async Task<Redemption> RedeemOnceAsync(string key, OAuth2GenericOptions options, string refreshToken, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (_shared is null && Kept(key, clock) is { } kept)
        {
            return kept;
        }

        var flight = _inFlight.RunAsync(key, (Redemptions: this, Key: key, Options: options, RefreshToken: refreshToken, Clock: clock), static state =>
            state.Redemptions.RunAsync(state.Key, state.Options, state.RefreshToken, state.Clock));
        return await flight.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Shortens the keeping of the result under <paramref name="key"/> to <see cref="OAuth2GenericOptions.RefreshResultLifetime"/>
    /// from now: a request has saved its tokens in the session's cookie, and the result is now only for the requests that
    /// still carry the old one.
    /// </summary>
    public async Task ClaimAsync(string key, Redemption redemption, OAuth2GenericOptions options, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var lifetime = Shortest(redemption, options.RefreshResultLifetime, now);
        if (_shared is not null)
        {
            if (lifetime is { } shared)
            {
                await _shared.WriteAsync(key, SharedRedemption.From(redemption), shared);
            }

            return;
        }

        if (_kept.TryGetValue(key, out var entry) && (lifetime is not { } kept || entry.Until > now + kept))
        {
            _kept.TryUpdate(key, (entry.Result, lifetime is { } until ? now + until : now), entry);
        }
    }

    /// <summary>
    /// Forgets the result kept under <paramref name="key"/>, here and in the shared cache: its session signed out, or its
    /// refresh token was refused.
    /// </summary>
    public async Task ForgetAsync(string key)
    {
        _kept.TryRemove(key, out _);
        if (_shared is not null)
        {
            await _shared.RemoveAsync(key);
        }
    }

    private async Task<Redemption> RunAsync(string key, OAuth2GenericOptions options, string refreshToken, TimeProvider clock)
    {
        if (_shared is null)
        {
            return Kept(key, clock) ?? Keep(key, options, clock, await RedeemAsync(options, refreshToken, clock));
        }

        return await RedeemSharedAsync(key, options, refreshToken, clock);
    }

    // Several servers: the shared result when there is one; else the lease, and the redemption by whoever holds it.
    private async Task<Redemption> RedeemSharedAsync(string key, OAuth2GenericOptions options, string refreshToken, TimeProvider clock)
    {
        if (await ReadSharedAsync(key) is { } shared)
        {
            return shared;
        }

        var leaseKey = key + ".lease";
        var leaseTime = options.BackchannelTimeout + TimeSpan.FromSeconds(5);
        var held = await _lease!.TakeAsync(leaseKey, leaseTime);
        if (!held && await WaitForSharedAsync(key, leaseKey, leaseTime) is { } waited)
        {
            return waited;
        }

        try
        {
            if (await ReadSharedAsync(key) is { } sharedMeanwhile)
            {
                return sharedMeanwhile;
            }

            var redemption = await RedeemAsync(options, refreshToken, clock);
            if (redemption.EndsSession && await ReadSharedAsync(key) is { } sharedByRival)
            {
                // Refused because another server redeemed it a moment ago (a rotating provider with no grace period):
                // its result is this session's too.
                return sharedByRival;
            }

            if (KeptFor(redemption, options, clock.GetUtcNow()) is { } lifetime)
            {
                await _shared!.WriteAsync(key, SharedRedemption.From(redemption), lifetime);
                _logger.RefreshResultKept(lifetime);
            }

            return redemption;
        }
        finally
        {
            if (held)
            {
                await _lease.ReleaseAsync(leaseKey);
            }
        }
    }

    private async Task<Redemption> RedeemAsync(OAuth2GenericOptions options, string refreshToken, TimeProvider clock)
    {
        try
        {
            // A server that has not read the provider's discovery document since it started reads it first.
            await options.DiscoverAsync(clock, _logger, CancellationToken.None);
            using var response = await options.TokenClient.RequestTokenAsync(new RefreshTokenGrant(refreshToken), _logger, CancellationToken.None);
            return new Redemption(RefreshedTokens.From(response, clock.GetUtcNow()), null);
        }
        catch (OAuth2GenericException exception) when (exception.Error == "invalid_grant")
        {
            // RFC 6749 §5.2: the refresh token is invalid, expired, revoked, or was issued to another client.
            return new Redemption(null, new OAuth2GenericException(
                FailureStep.TokenRefresh,
                $"The token endpoint refused the saved refresh token (invalid_grant): it expired, was revoked, or was replaced by a rotation. {exception.Message}")
            {
                Reason = OAuth2GenericFailureReasons.RefreshTokenInvalid,
            });
        }
        catch (OAuth2GenericException exception)
        {
            return new Redemption(null, exception);
        }
    }

    // Another server holds the lease: its result, once it is shared; null when the lease ends without one (the server
    // failed, or its failure may pass), and this server redeems on its own.
    private async Task<Redemption?> WaitForSharedAsync(string key, string leaseKey, TimeSpan leaseTime)
    {
        // Real time, as the cache expires the lease by, and as the waits between polls are: the app's TimeProvider may
        // be a test's clock that nobody moves while this waits.
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < leaseTime)
        {
            await Task.Delay(SharedPollInterval);
            if (await ReadSharedAsync(key) is { } shared)
            {
                return shared;
            }

            if (await _lease!.IsReleasedAsync(leaseKey) is not false)
            {
                // Released without a result, or the cache cannot tell: once more, then this server redeems on its own.
                return await ReadSharedAsync(key);
            }
        }

        return null;
    }

    private async Task<Redemption?> ReadSharedAsync(string key) => (await _shared!.ReadAsync(key))?.ToRedemption();

    private Redemption? Kept(string key, TimeProvider clock) =>
        _kept.TryGetValue(key, out var entry) && entry.Until > clock.GetUtcNow() ? entry.Result : null;

    private Redemption Keep(string key, OAuth2GenericOptions options, TimeProvider clock, Redemption redemption)
    {
        var now = clock.GetUtcNow();
        if (KeptFor(redemption, options, now) is { } lifetime)
        {
            _kept[key] = (redemption, now + lifetime);
            _logger.RefreshResultKept(lifetime);
            _pruner.PruneIfDue(_kept, static entry => entry.Until, now);
        }

        return redemption;
    }

    // How long a redemption is kept before a request claims it, here or in the shared cache: tokens while the new access
    // token lives (an hour at most, ten minutes when the answer did not say); a refusal for RefreshResultLifetime; a
    // failure that may pass not at all (the session's back-off covers it).
    private static TimeSpan? KeptFor(Redemption redemption, OAuth2GenericOptions options, DateTimeOffset now) => redemption switch
    {
        { Tokens.ExpiresAt: not null } => Shortest(redemption, MaxUnclaimedLifetime, now),
        { Tokens: not null } => UnknownExpiryLifetime,
        { EndsSession: true } => options.RefreshResultLifetime,
        _ => null,
    };

    // At most this long, and no longer than the new access token lives; null when it has expired already.
    private static TimeSpan? Shortest(Redemption redemption, TimeSpan longest, DateTimeOffset now) =>
        redemption.Tokens?.ExpiresAt is { } expiresAt && expiresAt - now < longest
            ? (expiresAt > now ? expiresAt - now : null)
            : longest;
}
