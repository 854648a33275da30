namespace OAuth2Generic;

/// <summary>
/// A request of an <c>AddUserAccessToken</c> client was not sent because there is no token of the user to send
/// (<see cref="UnavailableUserTokenBehavior.Throw"/>). The message says why; it never holds a token.
/// </summary>
public sealed class UserAccessTokenUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception for a status without a token.</summary>
    /// <param name="status">Why there is no token.</param>
    public UserAccessTokenUnavailableException(UserAccessTokenStatus status)
        : base(Describe(status))
    {
        Status = status;
    }

    /// <summary>Why there is no token.</summary>
    public UserAccessTokenStatus Status { get; }

    private static string Describe(UserAccessTokenStatus status) => status switch
    {
        UserAccessTokenStatus.NotSignedIn => "No user is signed in on this request (or there is no request: the client was called outside one), so there is no user's token to send.",
        UserAccessTokenStatus.NoToken => "The signed-in user has no saved access token: turn SaveTokens on for the scheme they signed in with.",
        UserAccessTokenStatus.SessionEnded => "The user's session has ended: the provider refused the saved refresh token (expired, revoked or rotated away). The user must sign in again.",
        _ => "The user's access token has expired and could not be refreshed (refreshing is off, no refresh token was saved, or the provider could not be reached; see the logs).",
    };
}
