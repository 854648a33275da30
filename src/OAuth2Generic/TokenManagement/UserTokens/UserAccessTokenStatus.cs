namespace OAuth2Generic;

/// <summary>Where the current user's access token stands, as <see cref="UserAccessToken.Status"/> says.</summary>
public enum UserAccessTokenStatus
{
    /// <summary>The saved access token, not due for a refresh.</summary>
    Valid,

    /// <summary>A new access token: the saved one was due for a refresh (or an API refused it) and was refreshed.</summary>
    Refreshed,

    /// <summary>No user is signed in on this request.</summary>
    NotSignedIn,

    /// <summary>The user is signed in, but no access token was saved with the sign-in (<c>SaveTokens</c> off).</summary>
    NoToken,

    /// <summary>
    /// The saved access token has expired (or the API refused it) and no new one could be had: refreshing is off, no
    /// refresh token was saved, or the refresh failed for a reason that may pass (the session is kept; a later request
    /// tries again after <see cref="OAuth2GenericOptions.RefreshRetryDelay"/>).
    /// </summary>
    Expired,

    /// <summary>
    /// The provider refused the saved refresh token (expired, revoked, rotated away): the session has ended, and the
    /// user must sign in again.
    /// </summary>
    SessionEnded,
}
