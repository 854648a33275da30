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
/// (<see cref="CognitoAccessTokenValidator"/>), and answers as RFC 6750 §3 says: 401 with
/// <c>error="invalid_token"</c> and the failed check for a refused token, a plain <c>Bearer</c> challenge for none,
/// 403 with <c>error="insufficient_scope"</c> when authorization refuses a valid one.
/// </summary>
internal sealed class CognitoJwtBearerHandler(IOptionsMonitor<CognitoJwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<CognitoJwtBearerOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ReadBearerToken() is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var now = TimeProvider.GetUtcNow().UtcDateTime;
        var cache = Options.ValidationCache;
        if (cache?.Find(token, now) is { } known)
        {
            return Success(new ClaimsIdentity(known, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
        }

        var identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        try
        {
            var expires = await CognitoAccessTokenValidator.ValidateAsync(token, Options, identity, TimeProvider, Logger, Context.RequestAborted);
            cache?.Add(token, [.. identity.Claims], expires, now);
            return Success(identity);
        }
        catch (CognitoTokenRejection rejection)
        {
            Logger.BearerTokenRejected(Scheme.Name, rejection.Message);
            return AuthenticateResult.Fail(rejection);
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is CognitoTokenRejection { IsServerProblem: true })
        {
            // The token may well be good: a 401 would make the caller throw it away and ask the user pool for another.
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;

        // RFC 6750 §3.1: a request without a token gets the bare challenge, with no error code.
        Response.Headers.Append(
            HeaderNames.WWWAuthenticate,
            result.Failure is CognitoTokenRejection rejection
                ? $"Bearer error=\"invalid_token\", error_description=\"{rejection.Description}\""
                : "Bearer");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var scope = Context.Items.TryGetValue(ScopeRequirement.RequiredScopeItem, out var required) ? required as string : null;
        Response.Headers.Append(
            HeaderNames.WWWAuthenticate,
            scope is null ? "Bearer error=\"insufficient_scope\"" : $"Bearer error=\"insufficient_scope\", scope=\"{scope}\"");
        return Task.CompletedTask;
    }

    private AuthenticateResult Success(ClaimsIdentity identity) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));

    // RFC 6750 §2.1: "Bearer", one space, the token. Only the header: a token in a query string ends up in logs.
    private string? ReadBearerToken()
    {
        var values = Request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header.AsSpan(7).Trim(' ');
        return token.IsEmpty ? null : token.ToString();
    }
}
