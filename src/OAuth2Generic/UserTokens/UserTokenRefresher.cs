using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// Keeps the tokens saved with a sign-in fresh (<see cref="OAuth2GenericOptions.RefreshSavedTokens"/>): when the cookie
/// is validated, and when code asks for the user's token. A singleton.
/// </summary>
/// <remarks>
/// <para>
/// One redemption per refresh token and access token pair: the requests of one session that need a refresh at the same
/// time wait for the one redemption in flight on this server, and the result is remembered until the new access token
/// expires, so that a request still carrying the old cookie takes it instead of redeeming the refresh token again (which
/// a provider that rotates refresh tokens would refuse, ending the session).
/// </para>
/// <para>
/// With an <see cref="IDistributedCache"/>, the servers share that result, protected by Data Protection under a key
/// made from a hash of the tokens (never the tokens), and take a short lease before redeeming: a server writes its own
/// mark under the lease key, waits a moment for a rival's write to land, and reads the mark back; the server whose mark
/// is there redeems, the others wait for the shared result. See docs/architecture.md.
/// </para>
/// </remarks>
internal sealed class UserTokenRefresher
{
    private const string AuthSchemeKey = ".AuthScheme";
    private const string ForcedAtKey = ".oauth2generic.refresh.forced";

    // Long enough for a rival server's write to the lease key to land after ours, even on a server under load: a rival
    // that read the key empty before our write and writes more than this later would take the lease too.
    private static readonly TimeSpan LeaseSettleTime = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan SharedPollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RefusalMemory = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxResultMemory = TimeSpan.FromHours(1);
    private static readonly TimeSpan UnknownExpiryMemory = TimeSpan.FromMinutes(10);
    private const int PruneAbove = 10_000;

    private readonly Dictionary<string, Func<OAuth2GenericOptions>> _schemes;
    private readonly ConcurrentDictionary<string, Lazy<Task<Redemption>>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Redemption Result, DateTimeOffset Until)> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _retryAfter = new(StringComparer.Ordinal);
    private readonly IDistributedCache? _distributed;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OAuth2GenericMetrics? _metrics;

    public UserTokenRefresher(IEnumerable<RefreshableScheme> schemes, IServiceProvider services)
    {
        _schemes = schemes.GroupBy(scheme => scheme.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last().Options(services), StringComparer.Ordinal);
        _distributed = services.GetService<IDistributedCache>();
        _protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("OAuth2Generic.Refresh.v1");
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OAuth2Generic.Refresh");
        _metrics = services.GetService<OAuth2GenericMetrics>();
    }

    /// <summary>
    /// Whether the cookie's saved access token is due for a refresh: two lookups and a parse, for every
    /// cookie-authenticated request; everything else happens only when it is.
    /// </summary>
    public bool IsDue(AuthenticationProperties? properties) =>
        properties is not null && RefreshingOptions(properties, out _) is { } options && IsDue(properties, options);

    /// <summary>Refreshes the cookie's tokens when they are due; renews the cookie, or ends the session.</summary>
    public async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal || context.Properties is not { } properties
            || RefreshingOptions(properties, out var scheme) is not { } options || !IsDue(properties, options))
        {
            return;
        }

        var (status, refreshed) = await RefreshAsync(context.HttpContext, scheme, options, principal, properties, refused: null);
        if (status == UserAccessTokenStatus.Refreshed)
        {
            if (!ReferenceEquals(refreshed, principal))
            {
                context.ReplacePrincipal(refreshed!);
            }

            context.ShouldRenew = true;
        }
        else if (status == UserAccessTokenStatus.SessionEnded)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }

    /// <summary>
    /// The user's access token: the saved one while it is not due, else a refreshed one (saved, and the cookie renewed
    /// while the response has not started). <paramref name="refused"/> is a token an API refused with a 401: it is
    /// refreshed whatever its expiry, unless another call replaced it already.
    /// </summary>
    public async Task<UserAccessToken> GetUserAccessTokenAsync(HttpContext context, string? signInScheme, string? refused)
    {
        var result = await context.AuthenticateAsync(signInScheme);
        if (!result.Succeeded || result.Principal is not { } principal || result.Properties is not { } properties)
        {
            return UserAccessToken.Unavailable(UserAccessTokenStatus.NotSignedIn);
        }

        if (properties.GetTokenValue(SavedTokens.AccessToken) is not { Length: > 0 } current)
        {
            return UserAccessToken.Unavailable(UserAccessTokenStatus.NoToken);
        }

        var options = RefreshingOptions(properties, out var scheme);
        var expiresAt = SavedTokens.ExpiresAt(properties);
        var expired = expiresAt <= ClockOf(options).GetUtcNow();
        if (refused is not null && refused != current)
        {
            // Another call of this request already replaced the token the API refused.
            return UserAccessToken.Usable(current, expiresAt, UserAccessTokenStatus.Valid);
        }

        if (options is null || (refused is null && !IsDue(properties, options)))
        {
            return refused is null && !expired
                ? UserAccessToken.Usable(current, expiresAt, UserAccessTokenStatus.Valid)
                : UserAccessToken.Unavailable(UserAccessTokenStatus.Expired);
        }

        var cookieScheme = result.Ticket!.AuthenticationScheme;
        var (status, refreshed) = await RefreshAsync(context, scheme, options, principal, properties, refused);
        switch (status)
        {
            case UserAccessTokenStatus.Refreshed:
                if (!context.Response.HasStarted)
                {
                    await context.SignInAsync(cookieScheme, refreshed!, properties);
                }

                return UserAccessToken.Usable(properties.GetTokenValue(SavedTokens.AccessToken)!, SavedTokens.ExpiresAt(properties), UserAccessTokenStatus.Refreshed);
            case UserAccessTokenStatus.SessionEnded:
                if (!context.Response.HasStarted)
                {
                    await context.SignOutAsync(cookieScheme);
                }

                return UserAccessToken.Unavailable(UserAccessTokenStatus.SessionEnded);
            default:
                return refused is null && !expired
                    ? UserAccessToken.Usable(current, expiresAt, UserAccessTokenStatus.Valid)
                    : UserAccessToken.Unavailable(UserAccessTokenStatus.Expired);
        }
    }

    private OAuth2GenericOptions? RefreshingOptions(AuthenticationProperties properties, out string scheme)
    {
        scheme = string.Empty;
        if (!properties.Items.TryGetValue(AuthSchemeKey, out var name) || name is null || !_schemes.TryGetValue(name, out var current))
        {
            return null;
        }

        scheme = name;
        var options = current();
        return options.RefreshSavedTokens ? options : null;
    }

    private bool IsDue(AuthenticationProperties properties, OAuth2GenericOptions options) =>
        SavedTokens.ExpiresAt(properties) is { } expiresAt && ClockOf(options).GetUtcNow() >= expiresAt - options.RefreshLeadTime;

    // The clock of the scheme that saved the tokens: the framework wrote their expires_at by it. It is the app's
    // TimeProvider service unless the scheme sets its own (the framework gives every scheme that service's clock).
    private TimeProvider ClockOf(OAuth2GenericOptions? options) => options?.TimeProvider ?? _time;

    // The session's refresh: the result of the one redemption for these tokens, checked by the scheme's handler for
    // this request and saved in the properties. Refreshed (with the principal to keep), SessionEnded, or Expired for a
    // failure that may pass (the session keeps its tokens, and waits RefreshRetryDelay before it tries again).
    private async Task<(UserAccessTokenStatus Status, ClaimsPrincipal? Principal)> RefreshAsync(
        HttpContext context, string scheme, OAuth2GenericOptions options, ClaimsPrincipal principal, AuthenticationProperties properties, string? refused)
    {
        if (properties.GetTokenValue(SavedTokens.RefreshToken) is not { Length: > 0 } refreshToken)
        {
            _logger.NoRefreshTokenSaved(scheme);
            return (UserAccessTokenStatus.Expired, null);
        }

        var now = ClockOf(options).GetUtcNow();
        if (refused is not null && properties.Items.TryGetValue(ForcedAtKey, out var forcedAt)
            && long.TryParse(forcedAt, out var forcedAtSeconds) && now - DateTimeOffset.FromUnixTimeSeconds(forcedAtSeconds) < options.RefreshRetryDelay)
        {
            // An API that refuses every token must not make each call a refresh: one forced refresh per RefreshRetryDelay.
            _logger.ForcedRefreshSkipped(scheme, options.RefreshRetryDelay);
            return (UserAccessTokenStatus.Expired, null);
        }

        var key = Key(scheme, refreshToken, properties.GetTokenValue(SavedTokens.AccessToken));
        if (_retryAfter.TryGetValue(key, out var retryAfter) && now < retryAfter)
        {
            return (UserAccessTokenStatus.Expired, null);
        }

        _logger.RefreshingTokens(scheme);
        var redemption = await RedeemOnceAsync(key, options, refreshToken);
        if (redemption.Failure is { } failure)
        {
            if (redemption.EndsSession)
            {
                _logger.SessionEndedAtRefresh(scheme, failure.Reason, failure.Message);
                _metrics?.TokenRefreshed(scheme, "session_ended", failure.Reason);
                return (UserAccessTokenStatus.SessionEnded, null);
            }

            return KeepSession(scheme, key, now, options, failure);
        }

        ClaimsPrincipal kept;
        try
        {
            var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
            var handler = await handlers.GetHandlerAsync(context, scheme) as IRefreshingHandler
                ?? throw new InvalidOperationException($"The scheme '{scheme}' is not an OAuth2Generic scheme.");
            kept = await handler.ApplyRefreshAsync(redemption.Tokens!, principal, properties);
        }
        catch (OAuth2GenericException exception) when (exception.IsTransient)
        {
            // A check that could not be made (the signing keys could not be fetched): the session keeps its tokens and
            // tries again after the delay, when the same redemption is still remembered and checked again.
            return KeepSession(scheme, key, now, options, exception);
        }
        catch (OAuth2GenericException exception)
        {
            // The provider answered tokens this package must not trust for this user (an id_token that fails its checks,
            // claims of another user): the session ends rather than carry on with them.
            _logger.SessionEndedAtRefresh(scheme, exception.Reason, exception.Message);
            _metrics?.TokenRefreshed(scheme, "session_ended", exception.Reason);
            return (UserAccessTokenStatus.SessionEnded, null);
        }

        SavedTokens.Store(properties, redemption.Tokens!);
        if (refused is not null)
        {
            properties.Items[ForcedAtKey] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _logger.TokensRefreshed(scheme, redemption.Tokens!.ExpiresAt);
        _metrics?.TokenRefreshed(scheme, "success", null);
        return (UserAccessTokenStatus.Refreshed, kept);
    }

    // A failure that may pass: the session keeps its tokens, and its next try waits RefreshRetryDelay.
    private (UserAccessTokenStatus Status, ClaimsPrincipal? Principal) KeepSession(
        string scheme, string key, DateTimeOffset now, OAuth2GenericOptions options, OAuth2GenericException failure)
    {
        _retryAfter[key] = now + options.RefreshRetryDelay;
        Prune(_retryAfter, static until => until, now);
        _logger.RefreshFailed(scheme, failure.Reason, failure.Message, options.RefreshRetryDelay);
        _metrics?.TokenRefreshed(scheme, "failure", failure.Reason);
        return (UserAccessTokenStatus.Expired, null);
    }

    // A redemption in flight serves every request of the session; it takes itself out when it ends.
    private async Task<Redemption> RedeemOnceAsync(string key, OAuth2GenericOptions options, string refreshToken)
    {
        if (Remembered(key, options) is { } remembered)
        {
            return remembered;
        }

        Lazy<Task<Redemption>>? mine = null;
        mine = new Lazy<Task<Redemption>>(() => RunAsync(key, options, refreshToken, mine!));
        return await _inFlight.GetOrAdd(key, mine).Value;
    }

    private async Task<Redemption> RunAsync(string key, OAuth2GenericOptions options, string refreshToken, Lazy<Task<Redemption>> self)
    {
        try
        {
            // Apart from the caller: one request's abort must not fail the others waiting for the same refresh.
            await Task.Yield();
            if (Remembered(key, options) is { } remembered)
            {
                return remembered;
            }

            return Remember(key, options, _distributed is null ? await RedeemAsync(options, refreshToken) : await RedeemSharedAsync(key, options, refreshToken));
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<Redemption>>>(key, self));
        }
    }

    // Several servers: the shared result when there is one; else the lease, and the redemption by whoever holds it.
    private async Task<Redemption> RedeemSharedAsync(string key, OAuth2GenericOptions options, string refreshToken)
    {
        if (await ReadSharedAsync(key) is { } shared)
        {
            return shared;
        }

        var leaseKey = key + ".lease";
        var leaseTime = options.BackchannelTimeout + TimeSpan.FromSeconds(5);
        var held = await TakeLeaseAsync(leaseKey, leaseTime);
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

            var redemption = await RedeemAsync(options, refreshToken);
            if (redemption.EndsSession && await ReadSharedAsync(key) is { } sharedByRival)
            {
                // Refused because another server redeemed it a moment ago (a rotating provider with no grace period):
                // its result is this session's too.
                return sharedByRival;
            }

            if (redemption.Tokens is not null || redemption.EndsSession)
            {
                await WriteSharedAsync(key, options, redemption);
            }

            return redemption;
        }
        finally
        {
            if (held)
            {
                await RemoveQuietlyAsync(leaseKey);
            }
        }
    }

    private async Task<Redemption> RedeemAsync(OAuth2GenericOptions options, string refreshToken)
    {
        try
        {
            using var response = await options.TokenClient.RequestTokenAsync(new RefreshTokenGrant(refreshToken), _logger, CancellationToken.None);
            return new Redemption(RefreshedTokens.From(response, ClockOf(options).GetUtcNow()), null);
        }
        catch (OAuth2GenericException exception) when (exception.Error == "invalid_grant")
        {
            // RFC 6749 §5.2: the refresh token is invalid, expired, revoked, or was issued to another client.
            return new Redemption(null, new OAuth2GenericException(
                SignInStep.TokenRefresh,
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

    // By the scheme's clock, as the redemption's expiry is (the key names the scheme).
    private Redemption? Remembered(string key, OAuth2GenericOptions options) =>
        _results.TryGetValue(key, out var entry) && entry.Until > ClockOf(options).GetUtcNow() ? entry.Result : null;

    // Remembered as long as KeptUntil says (a request with the old cookie can still take the tokens); a failure that
    // may pass is not remembered (the session's back-off covers it).
    private Redemption Remember(string key, OAuth2GenericOptions options, Redemption redemption)
    {
        var now = ClockOf(options).GetUtcNow();
        if (KeptUntil(redemption, now) is { } remembered)
        {
            _results[key] = (redemption, remembered);
            Prune(_results, static entry => entry.Until, now);
        }

        return redemption;
    }

    // How long a redemption is worth keeping, here and in the shared cache: tokens until the new access token expires
    // (an hour at most, ten minutes when the answer did not say), a refusal for a minute, a failure that may pass not at all.
    private static DateTimeOffset? KeptUntil(Redemption redemption, DateTimeOffset now)
    {
        return redemption switch
        {
            { Tokens.ExpiresAt: { } expiresAt } => expiresAt < now + MaxResultMemory ? expiresAt : now + MaxResultMemory,
            { Tokens: not null } => now + UnknownExpiryMemory,
            { EndsSession: true } => now + RefusalMemory,
            _ => null,
        };
    }

    // Entries of every scheme, pruned by the clock of the one being stored. In an application every scheme has the
    // app's clock; only a test that gives schemes clocks of their own could see another scheme's entry go early or late.
    private static void Prune<TValue>(ConcurrentDictionary<string, TValue> entries, Func<TValue, DateTimeOffset> until, DateTimeOffset now)
    {
        if (entries.Count <= PruneAbove)
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (until(entry.Value) <= now)
            {
                entries.TryRemove(entry);
            }
        }
    }

    // The lease: our mark under the key, a moment for a rival's write to land, then whoever's mark is there holds it.
    // A cache that fails leaves this server to redeem on its own.
    private async Task<bool> TakeLeaseAsync(string leaseKey, TimeSpan leaseTime)
    {
        try
        {
            if (await _distributed!.GetAsync(leaseKey) is not null)
            {
                return false;
            }

            var mark = RandomNumberGenerator.GetBytes(16);
            await _distributed.SetAsync(leaseKey, mark, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = leaseTime });
            await Task.Delay(LeaseSettleTime);
            return await _distributed.GetAsync(leaseKey) is { } holder && holder.AsSpan().SequenceEqual(mark);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _logger.SharedRefreshUnavailable(exception.GetType().Name);
            return true;
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

            try
            {
                if (await _distributed!.GetAsync(leaseKey) is null)
                {
                    return await ReadSharedAsync(key);
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                _logger.SharedRefreshUnavailable(exception.GetType().Name);
                return null;
            }
        }

        return null;
    }

    private async Task<Redemption?> ReadSharedAsync(string key)
    {
        try
        {
            if (await _distributed!.GetAsync(key) is not { } stored)
            {
                return null;
            }

            var shared = JsonSerializer.Deserialize(_protector.CreateProtector(key).Unprotect(stored), RefreshJsonContext.Default.SharedRedemption);
            if (shared is { Refused: true })
            {
                return new Redemption(null, new OAuth2GenericException(
                    SignInStep.TokenRefresh, "The token endpoint refused the saved refresh token (invalid_grant) when another server redeemed it.")
                {
                    Reason = OAuth2GenericFailureReasons.RefreshTokenInvalid,
                });
            }

            return shared is { AccessToken.Length: > 0 }
                ? new Redemption(
                    new RefreshedTokens(
                        shared.AccessToken, shared.RefreshToken, shared.IdToken, shared.TokenType,
                        shared.ExpiresAt is { } expiresAt ? DateTimeOffset.FromUnixTimeMilliseconds(expiresAt) : null),
                    null)
                : null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The cache is down, or the entry was protected with another key ring: this server redeems on its own.
            _logger.SharedRefreshUnavailable(exception.GetType().Name);
            return null;
        }
    }

    private async Task WriteSharedAsync(string key, OAuth2GenericOptions options, Redemption redemption)
    {
        // Relative to now: the cache expires entries by its own clock, which need not be the scheme's.
        var now = ClockOf(options).GetUtcNow();
        if (KeptUntil(redemption, now) is not { } until || until <= now)
        {
            return;
        }

        var tokens = redemption.Tokens;
        var json = JsonSerializer.SerializeToUtf8Bytes(
            new SharedRedemption(tokens?.AccessToken, tokens?.RefreshToken, tokens?.IdToken, tokens?.TokenType, tokens?.ExpiresAt?.ToUnixTimeMilliseconds(), tokens is null),
            RefreshJsonContext.Default.SharedRedemption);
        try
        {
            await _distributed!.SetAsync(key, _protector.CreateProtector(key).Protect(json), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = until - now });
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _logger.SharedRefreshUnavailable(exception.GetType().Name);
        }
    }

    private async Task RemoveQuietlyAsync(string key)
    {
        try
        {
            await _distributed!.RemoveAsync(key);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The lease expires on its own.
            _logger.SharedRefreshUnavailable(exception.GetType().Name);
        }
    }

    // The key of one refresh: the scheme, the refresh token and the access token it replaces (a provider that does not
    // rotate refresh tokens keeps the same one for every refresh), hashed, so that no cache ever holds a token as a key.
    private static string Key(string scheme, string refreshToken, string? accessToken)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scheme}\n{refreshToken}\n{accessToken}"));
        return "OAuth2Generic.Refresh." + Base64Url.EncodeToString(hash);
    }
}
