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
    private static partial void SignInFailed(this ILogger logger, SignInStep step, string failureReason, string message);

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
}
