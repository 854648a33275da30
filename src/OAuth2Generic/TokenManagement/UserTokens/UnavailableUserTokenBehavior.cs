namespace OAuth2Generic;

/// <summary>What an <c>AddUserAccessToken</c> client does with a request when there is no token of the user to send.</summary>
public enum UnavailableUserTokenBehavior
{
    /// <summary>
    /// The request is not sent: it fails with a <see cref="UserAccessTokenUnavailableException"/> that says why (no user
    /// signed in, no token saved, the token expired, the session ended). The default.
    /// </summary>
    Throw,

    /// <summary>The request is sent without an <c>Authorization</c> header, for an API that also answers anonymous calls.</summary>
    SendWithoutToken,
}
