using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The Cognito handler's log messages, with event ids from 101 (the generic handler's are below 100). None carries a
/// secret, code or token: hosts, key ids, status codes, counts and member names only.
/// </summary>
internal static partial class CognitoLoggingExtensions
{
    [LoggerMessage(104, LogLevel.Debug, "Redirecting to Cognito's logout endpoint on {LogoutHost}.", EventName = "LogoutRedirect")]
    public static partial void LogoutRedirect(this ILogger logger, string logoutHost);

    [LoggerMessage(107, LogLevel.Warning, "The sign-out's RedirectUri is neither a path starting with '/' nor an absolute http(s) URL; SignedOutRedirectUri is the logout_uri instead.", EventName = "LogoutUriIgnored")]
    public static partial void LogoutUriIgnored(this ILogger logger);

    [LoggerMessage(108, LogLevel.Warning, "{Count} member(s) of the user document, the first '{Member}', are named like claim types that only the documented rules give (roles, email, name, id, this package's urn:oauth2generic: types); they were not made claims. Cognito sends no such attribute: check what sits between it and this application.", EventName = "ReservedClaimTypeMembersIgnored")]
    public static partial void ReservedClaimTypeMembersIgnored(this ILogger logger, int count, string member);

    [LoggerMessage(109, LogLevel.Warning, "Scheme {Scheme} has no UserPoolId (nor Issuer): it cannot validate id_tokens, so a sign-in takes the user from the user-info answer alone, without checking the id_token's signature, issuer, audience and nonce, and without the cognito:groups roles that only the id_token carries. Set UserPoolId (with Region, or a UserPoolId that names it) to turn the validation on.", EventName = "IdTokenNotValidated")]
    public static partial void IdTokenNotValidated(this ILogger logger, string scheme);

    [LoggerMessage(120, LogLevel.Information, "Scheme {Scheme} refused a bearer token. {Reason}", EventName = "BearerTokenRejected")]
    public static partial void BearerTokenRejected(this ILogger logger, string scheme, string reason);
}
