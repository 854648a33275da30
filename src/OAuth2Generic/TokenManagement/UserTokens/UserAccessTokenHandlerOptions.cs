namespace OAuth2Generic;

/// <summary>
/// Options of an <c>HttpClient</c> that calls an API as the signed-in user (<c>AddUserAccessToken</c>): the session's
/// scheme, what happens without a token, and (inherited) the origins the token may go to.
/// </summary>
public sealed class UserAccessTokenHandlerOptions : TokenHandlerOptions
{
    /// <summary>
    /// The scheme that holds the user's session (the cookie scheme the sign-in signed into); null for the application's
    /// default authenticate scheme.
    /// </summary>
    public string? SignInScheme { get; set; }

    /// <summary>What happens to a request when there is no token of the user to send. Default <see cref="UnavailableUserTokenBehavior.Throw"/>.</summary>
    public UnavailableUserTokenBehavior WhenUnavailable { get; set; } = UnavailableUserTokenBehavior.Throw;
}
