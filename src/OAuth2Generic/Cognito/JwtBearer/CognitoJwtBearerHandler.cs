using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Authenticates an API request by the Cognito token in its <c>Authorization: Bearer</c> header
/// (<see cref="CognitoAccessTokenValidator"/>), raising JwtBearer's events in JwtBearer's order
/// (<see cref="CognitoJwtBearerEvents"/>), and answers as RFC 6750 §3 says: 401 with <c>error="invalid_token"</c> and
/// the failed check for a refused token, a plain <c>Bearer</c> challenge for none, 403 with
/// <c>error="insufficient_scope"</c> when a scope requirement refuses a valid one (a plain <c>Bearer</c> when another
/// requirement does).
/// </summary>
internal sealed class CognitoJwtBearerHandler(IOptionsMonitor<CognitoJwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<CognitoJwtBearerOptions>(options, logger, encoder)
{
    private const string AccessTokenName = "access_token";

    private new CognitoJwtBearerEvents Events
    {
        get => (CognitoJwtBearerEvents)base.Events!;
        set => base.Events = value;
    }

    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new CognitoJwtBearerEvents());

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var received = new CognitoMessageReceivedContext(Context, Scheme, Options);
        await Events.MessageReceived(received);
        if (received.Result is not null)
        {
            return received.Result;
        }

        var token = string.IsNullOrEmpty(received.Token) ? ReadToken() : received.Token;
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var now = TimeProvider.GetUtcNow().UtcDateTime;
        var cache = Options.ValidationCache;
        ClaimsIdentity identity;
        try
        {
            if (cache?.Find(token, now) is { } known)
            {
                identity = new ClaimsIdentity(known, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
                if (Options.PoolResolver is not null)
                {
                    // The token was validated before, perhaps for another tenant's route.
                    CheckAllowed(await Options.TrustedPools.TrustedAsync(identity.FindFirst("iss")?.Value, Logger, Context.RequestAborted));
                }
            }
            else
            {
                identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
                var (expires, pool) = await CognitoAccessTokenValidator.ValidateAsync(token, Options, identity, TimeProvider, Logger, Context.RequestAborted);

                // Before the event: what the application adds for this request is not the token's, and is not remembered.
                cache?.Add(token, [.. identity.Claims], expires, now);
                CheckAllowed(pool);
            }
        }
        catch (CognitoTokenRejection rejection)
        {
            Logger.BearerTokenRejected(Scheme.Name, rejection.Message);
            var failed = new CognitoAuthenticationFailedContext(Context, Scheme, Options)
            {
                Exception = rejection,
                ErrorDescription = rejection.Description,
                IsServerProblem = rejection.IsServerProblem,
            };
            await Events.AuthenticationFailed(failed);
            return failed.Result ?? AuthenticateResult.Fail(rejection);
        }

        var properties = new AuthenticationProperties();
        if (Options.SaveToken)
        {
            // As JwtBearer's SaveToken: GetTokenAsync("access_token") gives the caller's token, to pass on.
            properties.StoreTokens([new AuthenticationToken { Name = AccessTokenName, Value = token }]);
        }

        var validated = new CognitoTokenValidatedContext(Context, Scheme, Options) { Principal = new ClaimsPrincipal(identity), Properties = properties };
        await Events.TokenValidated(validated);
        if (validated.Result is null)
        {
            validated.Success();
        }

        return validated.Result!;
    }

    // A route that names a tenant takes the tokens of that tenant's pool only (CognitoPoolResolver.IsAllowed).
    private void CheckAllowed(TrustedUserPool pool)
    {
        if (pool.Resolved is { } resolved && !Options.PoolResolver!.IsAllowed(resolved, Context))
        {
            throw new CognitoTokenRejection("The token's user pool is not this route's tenant.", $"The token was issued by '{pool.Issuer}', whose tenant this request may not use.");
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var rejection = result.Failure as CognitoTokenRejection;

        // The token may well be good when the keys could not be had: a 401 would make the caller throw it away and ask
        // the user pool for another. RFC 6750 §3.1: a request without a token gets the bare challenge, with no error
        // code; a token the application's event refused is invalid_token too, without a description.
        var serverProblem = rejection is { IsServerProblem: true };
        var challenge = new CognitoJwtBearerChallengeContext(Context, Scheme, Options, properties)
        {
            AuthenticateFailure = result.Failure,
            StatusCode = serverProblem ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status401Unauthorized,
            Error = result.Failure is null || serverProblem ? null : "invalid_token",
            ErrorDescription = serverProblem ? null : rejection?.Description,
        };
        await Events.Challenge(challenge);
        if (challenge.Handled)
        {
            return;
        }

        Response.StatusCode = challenge.StatusCode;
        if (challenge.StatusCode == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.Append(HeaderNames.WWWAuthenticate, BearerChallenge(challenge.Error, challenge.ErrorDescription, challenge.ErrorUri, scope: null));
        }
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // RFC 6750 §3.1: insufficient_scope says the token lacks a scope; a role or another requirement of the application
        // refused it, so the answer names no error that would send the caller looking for a scope.
        var scope = Context.Items.TryGetValue(ScopeRequirement.RequiredScopeItem, out var required) ? required as string : null;
        var forbidden = new CognitoForbiddenContext(Context, Scheme, Options, properties)
        {
            Error = scope is null ? null : "insufficient_scope",
            Scope = scope,
        };
        await Events.Forbidden(forbidden);
        if (forbidden.Handled)
        {
            return;
        }

        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, BearerChallenge(forbidden.Error, errorDescription: null, errorUri: null, forbidden.Scope));
    }

    // RFC 6750 §3: "Bearer", then the attributes that are set, comma separated.
    private static string BearerChallenge(string? error, string? errorDescription, string? errorUri, string? scope)
    {
        if (error is null && errorDescription is null && errorUri is null && scope is null)
        {
            return "Bearer";
        }

        var attributes = new List<string>(4);
        Add("error", error);
        Add("error_description", errorDescription);
        Add("error_uri", errorUri);
        Add("scope", scope);
        return "Bearer " + string.Join(", ", attributes);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                attributes.Add($"{name}=\"{value}\"");
            }
        }
    }

    // RFC 6750 §2.1: "Bearer", one space, the token; the header only, except on the paths the application named for
    // clients that cannot set one (§2.3, SignalR's WebSockets and server-sent events).
    private string? ReadToken()
    {
        var values = Request.Headers.Authorization;
        if (values.Count == 0 && Options.QueryTokenPaths.Count > 0)
        {
            return ReadQueryToken();
        }

        if (values.Count != 1 || values[0] is not { } header || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header.AsSpan(7).Trim(' ');
        return token.IsEmpty ? null : token.ToString();
    }

    private string? ReadQueryToken()
    {
        foreach (var path in Options.QueryTokenPaths)
        {
            if (Request.Path.StartsWithSegments(path))
            {
                // One value only: RFC 6750 §2.3 names one access_token parameter.
                var values = Request.Query[AccessTokenName];
                return values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
            }
        }

        return null;
    }
}

