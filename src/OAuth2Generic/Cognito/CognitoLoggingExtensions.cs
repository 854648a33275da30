using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The Cognito handler's log messages, with event ids from 101 (the generic handler's are below 100). None carries a
/// secret, code or token: hosts, key ids, status codes, counts and member names only.
/// </summary>
internal static partial class CognitoLoggingExtensions
{
    [LoggerMessage(101, LogLevel.Debug, "Fetched {KeyCount} signing keys of the user pool from {JwksHost}.", EventName = "SigningKeysFetched")]
    public static partial void SigningKeysFetched(this ILogger logger, string jwksHost, int keyCount);

    [LoggerMessage(102, LogLevel.Warning, "The user pool's signing keys could not be fetched from {JwksHost} ({FailureReason}); keys fetched before, if any, stay in use. {Message}", EventName = "SigningKeysFetchFailed")]
    public static partial void SigningKeysFetchFailed(this ILogger logger, string jwksHost, string failureReason, string message);

    [LoggerMessage(103, LogLevel.Debug, "The id_token signed with key {KeyId} is valid.", EventName = "IdTokenValidated")]
    public static partial void IdTokenValidated(this ILogger logger, string keyId);

    [LoggerMessage(104, LogLevel.Debug, "Redirecting to Cognito's logout endpoint on {LogoutHost}.", EventName = "LogoutRedirect")]
    public static partial void LogoutRedirect(this ILogger logger, string logoutHost);

    [LoggerMessage(105, LogLevel.Debug, "Revoked the refresh token at {RevocationHost}.", EventName = "RefreshTokenRevoked")]
    public static partial void RefreshTokenRevoked(this ILogger logger, string revocationHost);

    // FailureReason as in every failure's log line: the same stable value as the exception's Reason, for log queries.
    [LoggerMessage(106, LogLevel.Warning, "The refresh token could not be revoked at {RevocationHost} ({FailureReason}); signing out all the same. {Message}", EventName = "RefreshTokenRevocationFailed")]
    public static partial void RefreshTokenRevocationFailed(this ILogger logger, string revocationHost, string failureReason, string message);

    [LoggerMessage(107, LogLevel.Warning, "The sign-out's RedirectUri is neither a path starting with '/' nor an absolute http(s) URL; SignedOutRedirectUri is the logout_uri instead.", EventName = "LogoutUriIgnored")]
    public static partial void LogoutUriIgnored(this ILogger logger);

    [LoggerMessage(108, LogLevel.Warning, "{Count} member(s) of the user document, the first '{Member}', are named like claim types that only the documented rules give (roles, email, name, id, this package's urn:oauth2generic: types); they were not made claims. Cognito sends no such attribute: check what sits between it and this application.", EventName = "ReservedClaimTypeMembersIgnored")]
    public static partial void ReservedClaimTypeMembersIgnored(this ILogger logger, int count, string member);

    [LoggerMessage(109, LogLevel.Warning, "Scheme {Scheme} has no UserPoolId (nor Issuer): it cannot validate id_tokens, so a sign-in takes the user from the user-info answer alone, without checking the id_token's signature, issuer, audience and nonce, and without the cognito:groups roles that only the id_token carries. Set UserPoolId (with Region, or a UserPoolId that names it) to turn the validation on.", EventName = "IdTokenNotValidated")]
    public static partial void IdTokenNotValidated(this ILogger logger, string scheme);

    [LoggerMessage(120, LogLevel.Information, "Scheme {Scheme} refused a bearer token. {Reason}", EventName = "BearerTokenRejected")]
    public static partial void BearerTokenRejected(this ILogger logger, string scheme, string reason);
}
