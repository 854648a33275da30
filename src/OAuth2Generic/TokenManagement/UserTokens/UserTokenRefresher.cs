using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// Keeps the tokens saved with a sign-in fresh (<see cref="OAuth2GenericOptions.RefreshSavedTokens"/>): when the cookie
/// is validated, and when code asks for the user's token. A singleton: the session's side of a refresh (whether it is
/// due, what the scheme's handler makes of the new tokens, what is saved in the cookie); the redemption itself, shared by
/// every request and server that needs it, is <see cref="RefreshRedemptions"/>. See docs/architecture.md.
/// </summary>
internal sealed class UserTokenRefresher
{
    /// <summary>The item in which the framework's remote handler records the scheme a cookie was signed in through.</summary>
    internal const string AuthSchemeKey = ".AuthScheme";
    private const string ForcedAtKey = ".oauth2generic.refresh.forced";


    private readonly Dictionary<string, Func<OAuth2GenericOptions>> _schemes;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _retryAfter = new(StringComparer.Ordinal);
    private readonly ExpiredEntryPruner _pruner = new();
    private readonly RefreshRedemptions _redemptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OAuth2GenericMetrics? _metrics;

    public UserTokenRefresher(IEnumerable<RefreshableScheme> schemes, IServiceProvider services)
    {
        _schemes = schemes.GroupBy(scheme => scheme.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last().Options(services), StringComparer.Ordinal);
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OAuth2Generic.Refresh");
        _metrics = services.GetService<OAuth2GenericMetrics>();
        _redemptions = new RefreshRedemptions(services, _logger);
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

        var turns = UserTokenTurns.Of(context.HttpContext);
        if (turns.Refreshed || turns.SessionEnded)
        {
            return;
        }

        var (status, refreshed) = await RefreshAsync(context.HttpContext, turns, scheme, options, principal, properties, refused: null, context.HttpContext.RequestAborted);
        if (status == UserAccessTokenStatus.Refreshed)
        {
            turns.Refreshed = true;
            if (!ReferenceEquals(refreshed, principal))
            {
                context.ReplacePrincipal(refreshed!);
            }

            context.ShouldRenew = true;
        }
        else if (status == UserAccessTokenStatus.SessionEnded)
        {
            turns.SessionEnded = true;
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }

    /// <summary>
    /// The user's access token: the saved one while it is not due, else a refreshed one (saved, and the cookie renewed
    /// while the response has not started). <paramref name="refused"/> is a token an API refused with a 401: it is
    /// refreshed whatever its expiry, unless another call replaced it already. The calls of one request take turns, and
    /// the request refreshes at most once and ends the session at most once.
    /// </summary>
    public async Task<UserAccessToken> GetUserAccessTokenAsync(HttpContext context, string? signInScheme, string? refused, CancellationToken cancellationToken)
    {
        var turns = UserTokenTurns.Of(context);
        await turns.WaitAsync(cancellationToken);
        using var turn = turns.Enter();
        if (turns.SessionEnded)
        {
            // Another call of this request saw the refresh token refused, and removed the cookie: once is enough.
            return UserAccessToken.Unavailable(UserAccessTokenStatus.SessionEnded);
        }

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

        if (options is null || (refused is null && !IsDue(properties, options)) || turns.Refreshed || context.Response.HasStarted)
        {
            // Nothing to refresh; or this request refreshed once already (a second refresh would be one more cookie
            // write, and one more redemption for an API that refuses every token); or the response has started, and new
            // tokens could not be saved in the cookie (a rotated refresh token would be lost with them).
            return refused is null && !expired
                ? UserAccessToken.Usable(current, expiresAt, UserAccessTokenStatus.Valid)
                : UserAccessToken.Unavailable(UserAccessTokenStatus.Expired);
        }

        var cookieScheme = result.Ticket!.AuthenticationScheme;
        var (status, refreshed) = await RefreshAsync(context, turns, scheme, options, principal, properties, refused, cancellationToken);
        switch (status)
        {
            case UserAccessTokenStatus.Refreshed:
                turns.Refreshed = true;
                await context.SignInAsync(cookieScheme, refreshed!, properties);

                return UserAccessToken.Usable(properties.GetTokenValue(SavedTokens.AccessToken)!, SavedTokens.ExpiresAt(properties), UserAccessTokenStatus.Refreshed);
            case UserAccessTokenStatus.SessionEnded:
                turns.SessionEnded = true;
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

    /// <summary>
    /// Forgets, on every server, the kept result of the refresh that brought the signing-out session's tokens (see
    /// <see cref="RefreshSignOut"/>).
    /// </summary>
    public Task SigningOutAsync(CookieSigningOutContext context) => RefreshSignOut.ForgetAsync(context, _redemptions);

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
        HttpContext context, UserTokenTurns turns, string scheme, OAuth2GenericOptions options, ClaimsPrincipal principal, AuthenticationProperties properties,
        string? refused, CancellationToken cancellationToken)
    {
        if (properties.GetTokenValue(SavedTokens.RefreshToken) is not { Length: > 0 } refreshToken)
        {
            _logger.NoRefreshTokenSaved(scheme);
            return (UserAccessTokenStatus.Expired, null);
        }

        // A scheme with one set of options per tenant redeems at the session's tenant's pool; one that cannot be had now
        // (its resolver failed) leaves the session its tokens until it can.
        if (await options.ForSessionAsync(scheme, properties, cancellationToken) is not { } sessionOptions)
        {
            return (UserAccessTokenStatus.Expired, null);
        }

        options = sessionOptions;
        var clock = ClockOf(options);
        var now = clock.GetUtcNow();
        if (refused is not null && properties.Items.TryGetValue(ForcedAtKey, out var forcedAt)
            && long.TryParse(forcedAt, out var forcedAtSeconds) && now - DateTimeOffset.FromUnixTimeSeconds(forcedAtSeconds) < options.RefreshRetryDelay)
        {
            // An API that refuses every token must not make each call a refresh: one forced refresh per RefreshRetryDelay.
            _logger.ForcedRefreshSkipped(scheme, options.RefreshRetryDelay);
            return (UserAccessTokenStatus.Expired, null);
        }

        var key = RefreshRedemptions.Key(scheme, refreshToken, properties.GetTokenValue(SavedTokens.AccessToken));
        if (_retryAfter.TryGetValue(key, out var retryAfter) && now < retryAfter)
        {
            return (UserAccessTokenStatus.Expired, null);
        }

        _logger.RefreshingTokens(scheme);
        var redemption = await _redemptions.RedeemOnceAsync(key, options, refreshToken, clock, cancellationToken);
        if (redemption.Failure is { } failure)
        {
            return redemption.EndsSession ? await EndSessionAsync(scheme, properties, failure) : KeepSession(scheme, key, now, options, failure);
        }

        ClaimsPrincipal kept;
        try
        {
            var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
            var handler = await handlers.GetHandlerAsync(context, scheme) as IRefreshingHandler
                ?? throw new InvalidOperationException($"The scheme '{scheme}' is not an OAuth2Generic scheme.");
            using var tokens = redemption.Tokens!.ToTokenResponse(clock.GetUtcNow());
            kept = await handler.ApplyRefreshAsync(tokens, principal, properties);
        }
        catch (OAuth2GenericException exception) when (RefreshCheckFailure.CouldNotCheck(exception))
        {
            // A check that could not be made (the signing keys could not be had, by reason rather than IsTransient: a
            // JWKS that answers 404 during a rotation is not the user's fault): the session keeps its tokens and tries
            // again after the delay, when the same redemption is still remembered and checked again.
            return KeepSession(scheme, key, now, options, exception);
        }
        catch (OAuth2GenericException exception)
        {
            // The provider answered tokens this package must not trust for this user (an id_token that fails its checks,
            // claims of another user): the session ends rather than carry on with them.
            return await EndSessionAsync(scheme, properties, exception);
        }

        SavedTokens.Store(properties, redemption.Tokens!);
        SavedTokens.SetRedeemedUnder(properties, key);
        turns.Note(key);

        // Saved in this session's cookie now: the result is kept only for the requests that still carry the old one.
        await _redemptions.ClaimAsync(key, redemption, options, clock);
        if (refused is not null)
        {
            properties.Items[ForcedAtKey] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        _logger.TokensRefreshed(scheme, redemption.Tokens!.ExpiresAt);
        _metrics?.TokenRefreshed(scheme, "success", null);
        return (UserAccessTokenStatus.Refreshed, kept);
    }

    // The session ends: so does the kept result of the refresh that brought its tokens, which a copy of an older cookie
    // would otherwise still take.
    private async Task<(UserAccessTokenStatus Status, ClaimsPrincipal? Principal)> EndSessionAsync(
        string scheme, AuthenticationProperties properties, OAuth2GenericException failure)
    {
        _logger.SessionEndedAtRefresh(scheme, failure.Reason, failure.Message);
        _metrics?.TokenRefreshed(scheme, "session_ended", failure.Reason);
        if (SavedTokens.RedeemedUnder(properties) is { } redeemedUnder)
        {
            await _redemptions.ForgetAsync(redeemedUnder);
        }

        return (UserAccessTokenStatus.SessionEnded, null);
    }

    // A failure that may pass: the session keeps its tokens, and its next try waits RefreshRetryDelay.
    private (UserAccessTokenStatus Status, ClaimsPrincipal? Principal) KeepSession(
        string scheme, string key, DateTimeOffset now, OAuth2GenericOptions options, OAuth2GenericException failure)
    {
        _retryAfter[key] = now + options.RefreshRetryDelay;
        _pruner.PruneIfDue(_retryAfter, static until => until, now);

        _logger.RefreshFailed(scheme, failure.Reason, failure.Message, options.RefreshRetryDelay);
        _metrics?.TokenRefreshed(scheme, "failure", failure.Reason);
        return (UserAccessTokenStatus.Expired, null);
    }
}
