using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// Every log message of the handler, in one place with its event id. None carries a secret, code or token: only
/// hosts, status codes, durations and counts.
/// </summary>
internal static partial class OAuth2GenericLoggingExtensions
{
    [LoggerMessage(1, LogLevel.Debug, "Redirecting to the authorization endpoint on {AuthorizationHost}.", EventName = "AuthorizationRedirect")]
    public static partial void AuthorizationRedirect(this ILogger logger, string authorizationHost);

    [LoggerMessage(2, LogLevel.Debug, "Exchanging the authorization code at {TokenHost} with client authentication {AuthScheme}.", EventName = "TokenRequest")]
    public static partial void TokenRequest(this ILogger logger, string tokenHost, ClientAuthScheme authScheme);

    [LoggerMessage(3, LogLevel.Debug, "{Endpoint} ({Host}) answered {StatusCode} in {ElapsedMilliseconds} ms.", EventName = "BackchannelResponse")]
    public static partial void BackchannelResponse(this ILogger logger, string endpoint, string host, int statusCode, long elapsedMilliseconds);

    [LoggerMessage(4, LogLevel.Debug, "Fetching user information from {UserInfoHost} with the token in the {Mode}.", EventName = "UserInformationRequest")]
    public static partial void UserInformationRequest(this ILogger logger, string userInfoHost, AuthTokenMode mode);

    [LoggerMessage(5, LogLevel.Debug, "The user document gave {ClaimCount} claims.", EventName = "UserMapped")]
    public static partial void UserMapped(this ILogger logger, int claimCount);

    [LoggerMessage(6, LogLevel.Warning, "Sign-in failed at step {Step} ({FailureReason}): {Message}", EventName = "SignInFailed")]
    private static partial void SignInFailed(this ILogger logger, FailureStep step, string failureReason, string message);

    /// <summary>The one log line of a failed sign-in: its step, its stable reason and its message (safe to log).</summary>
    public static void SignInFailed(this ILogger logger, OAuth2GenericException failure) =>
        logger.SignInFailed(failure.Step, failure.Reason, failure.Message);

    [LoggerMessage(7, LogLevel.Debug, "No OnRemoteFailure handler took care of the failed sign-in; answered {StatusCode}.", EventName = "UnhandledFailureAnswered")]
    public static partial void UnhandledFailureAnswered(this ILogger logger, int statusCode);

    [LoggerMessage(20, LogLevel.Debug, "Received a client-credentials token from {TokenHost}, to be renewed at {RenewAt:u}.", EventName = "ClientCredentialsTokenReceived")]
    public static partial void ClientCredentialsTokenReceived(this ILogger logger, string tokenHost, DateTimeOffset renewAt);

    [LoggerMessage(21, LogLevel.Warning, "A client-credentials token in the distributed cache could not be read ({ExceptionType}); requesting one.", EventName = "SharedClientCredentialsTokenUnreadable")]
    public static partial void SharedClientCredentialsTokenUnreadable(this ILogger logger, string exceptionType);

    [LoggerMessage(22, LogLevel.Warning, "A client-credentials token could not be stored in the distributed cache ({ExceptionType}); the other servers request their own.", EventName = "SharedClientCredentialsTokenNotStored")]
    public static partial void SharedClientCredentialsTokenNotStored(this ILogger logger, string exceptionType);

    [LoggerMessage(23, LogLevel.Information, "The API refused the client-credentials token of {TokenHost} (401); renewing it and sending the request once more.", EventName = "ClientCredentialsTokenRefused")]
    public static partial void ClientCredentialsTokenRefused(this ILogger logger, string tokenHost);

    [LoggerMessage(24, LogLevel.Warning, "The API refused the client-credentials token of {TokenHost} again soon after a renewal; answering the 401 without another token request (RenewAfterRefusalInterval).", EventName = "ClientCredentialsRenewalSkipped")]
    public static partial void ClientCredentialsRenewalSkipped(this ILogger logger, string tokenHost);

    [LoggerMessage(30, LogLevel.Debug, "Refreshing the saved tokens of a session of scheme {Scheme}: the access token is due.", EventName = "RefreshingTokens")]
    public static partial void RefreshingTokens(this ILogger logger, string scheme);

    [LoggerMessage(31, LogLevel.Information, "Refreshed the saved tokens of a session of scheme {Scheme}; the new access token expires at {ExpiresAt:u}.", EventName = "TokensRefreshed")]
    public static partial void TokensRefreshed(this ILogger logger, string scheme, DateTimeOffset? expiresAt);

    [LoggerMessage(32, LogLevel.Warning, "A session of scheme {Scheme} ended at the refresh of its tokens ({FailureReason}): {Message} The user signs in again.", EventName = "SessionEndedAtRefresh")]
    public static partial void SessionEndedAtRefresh(this ILogger logger, string scheme, string failureReason, string message);

    [LoggerMessage(33, LogLevel.Warning, "Refreshing the saved tokens of a session of scheme {Scheme} failed ({FailureReason}): {Message} The session keeps its tokens; it tries again in {RetryDelay}.", EventName = "RefreshFailed")]
    public static partial void RefreshFailed(this ILogger logger, string scheme, string failureReason, string message, TimeSpan retryDelay);

    [LoggerMessage(34, LogLevel.Debug, "A session of scheme {Scheme} has no saved refresh token, so its access token cannot be refreshed (the provider may issue one only for a scope such as offline_access).", EventName = "NoRefreshTokenSaved")]
    public static partial void NoRefreshTokenSaved(this ILogger logger, string scheme);

    [LoggerMessage(35, LogLevel.Warning, "The distributed cache could not share a refresh between the servers ({ExceptionType}); this server refreshes on its own.", EventName = "SharedRefreshUnavailable")]
    public static partial void SharedRefreshUnavailable(this ILogger logger, string exceptionType);

    [LoggerMessage(36, LogLevel.Information, "The API refused the user's access token (401); refreshing it and sending the request once more.", EventName = "UserAccessTokenRefused")]
    public static partial void UserAccessTokenRefused(this ILogger logger);

    [LoggerMessage(37, LogLevel.Warning, "An API refused the refreshed token of a session of scheme {Scheme} again within RefreshRetryDelay ({RetryDelay}); answering the 401 without another refresh.", EventName = "ForcedRefreshSkipped")]
    public static partial void ForcedRefreshSkipped(this ILogger logger, string scheme, TimeSpan retryDelay);

    [LoggerMessage(38, LogLevel.Debug, "No user's token to send ({Status}); sending the request without one (WhenUnavailable = SendWithoutToken).", EventName = "SendingWithoutUserToken")]
    public static partial void SendingWithoutUserToken(this ILogger logger, UserAccessTokenStatus status);

    [LoggerMessage(39, LogLevel.Warning, "The claims could not be rebuilt from the refreshed tokens ({FailureReason}): {Message} The session keeps its claims and takes the new tokens.", EventName = "ClaimsKeptAtRefresh")]
    public static partial void ClaimsKeptAtRefresh(this ILogger logger, string failureReason, string message);

    [LoggerMessage(25, LogLevel.Warning, "The client-credentials token request to {TokenHost} failed ({FailureReason}); the client's calls fail without another request until {RetryAt:u}.", EventName = "ClientCredentialsBackingOff")]
    public static partial void ClientCredentialsBackingOff(this ILogger logger, string tokenHost, string failureReason, DateTimeOffset retryAt);

    [LoggerMessage(40, LogLevel.Information, "HttpClient '{ClientName}' sent a request to {Origin} without its token: the token is not for that origin (the client's BaseAddress and AllowedOrigins).", EventName = "TokenWithheldFromOtherOrigin")]
    public static partial void TokenWithheldFromOtherOrigin(this ILogger logger, string clientName, string origin);

    [LoggerMessage(41, LogLevel.Debug, "Kept the result of a refresh for {Lifetime}, for the session's requests that still carry the cookie from before it.", EventName = "RefreshResultKept")]
    public static partial void RefreshResultKept(this ILogger logger, TimeSpan lifetime);

    [LoggerMessage(101, LogLevel.Debug, "Fetched {KeyCount} signing keys from {JwksHost}.", EventName = "SigningKeysFetched")]
    public static partial void SigningKeysFetched(this ILogger logger, string jwksHost, int keyCount);

    [LoggerMessage(102, LogLevel.Warning, "{KeyOwner} signing keys could not be fetched from {JwksHost} ({FailureReason}); keys fetched before, if any, stay in use. {Message}", EventName = "SigningKeysFetchFailed")]
    public static partial void SigningKeysFetchFailed(this ILogger logger, string keyOwner, string jwksHost, string failureReason, string message);

    [LoggerMessage(103, LogLevel.Debug, "The id_token signed with key {KeyId} is valid.", EventName = "IdTokenValidated")]
    public static partial void IdTokenValidated(this ILogger logger, string? keyId);

    [LoggerMessage(105, LogLevel.Debug, "Revoked the refresh token at {RevocationHost}.", EventName = "RefreshTokenRevoked")]
    public static partial void RefreshTokenRevoked(this ILogger logger, string revocationHost);

    // FailureReason as in every failure's log line: the same stable value as the exception's Reason, for log queries.
    [LoggerMessage(106, LogLevel.Warning, "The refresh token could not be revoked at {RevocationHost} ({FailureReason}); signing out all the same. {Message}", EventName = "RefreshTokenRevocationFailed")]
    public static partial void RefreshTokenRevocationFailed(this ILogger logger, string revocationHost, string failureReason, string message);

    [LoggerMessage(42, LogLevel.Debug, "Fetched the provider's discovery document from {DiscoveryHost}.", EventName = "DiscoveryDocumentFetched")]
    public static partial void DiscoveryDocumentFetched(this ILogger logger, string discoveryHost);

    // FailureReason as in every failure's log line: the same stable value as the exception's Reason, for log queries.
    [LoggerMessage(43, LogLevel.Warning, "The provider's discovery document could not be fetched from {DiscoveryHost} ({FailureReason}); a document fetched before, if any, stays in use. {Message}", EventName = "DiscoveryDocumentFetchFailed")]
    public static partial void DiscoveryDocumentFetchFailed(this ILogger logger, string discoveryHost, string failureReason, string message);

    [LoggerMessage(44, LogLevel.Debug, "Redirecting to the provider's end-session endpoint on {EndSessionHost}.", EventName = "EndSessionRedirect")]
    public static partial void EndSessionRedirect(this ILogger logger, string endSessionHost);

    [LoggerMessage(45, LogLevel.Information, "The sign-out callback had no valid state; redirecting to the path base.", EventName = "SignedOutCallbackStateInvalid")]
    public static partial void SignedOutCallbackStateInvalid(this ILogger logger);
}
