namespace OAuth2Generic;

/// <summary>
/// The current user's access token for a call to an API on their behalf, fresh when it can be: what
/// <c>HttpContext.GetUserAccessTokenAsync</c> answers.
/// </summary>
public sealed class UserAccessToken
{
    private UserAccessToken(UserAccessTokenStatus status, string? accessToken, DateTimeOffset? expiresAt)
    {
        Status = status;
        AccessToken = accessToken;
        ExpiresAt = expiresAt;
    }

    /// <summary>Where the token stands.</summary>
    public UserAccessTokenStatus Status { get; }

    /// <summary>
    /// The access token, when <see cref="Status"/> is <see cref="UserAccessTokenStatus.Valid"/> or
    /// <see cref="UserAccessTokenStatus.Refreshed"/>; otherwise null. A secret: never log it.
    /// </summary>
    public string? AccessToken { get; }

    /// <summary>When the access token expires, when the provider said.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Whether there is a token to send.</summary>
    public bool IsAvailable => AccessToken is not null;

    internal static UserAccessToken Usable(string accessToken, DateTimeOffset? expiresAt, UserAccessTokenStatus status) => new(status, accessToken, expiresAt);

    internal static UserAccessToken Unavailable(UserAccessTokenStatus status) => new(status, null, null);

    /// <summary>The status and expiry, never the token.</summary>
    /// <returns>A description without the token.</returns>
    public override string ToString() => ExpiresAt is { } expiresAt ? $"{Status}, expires at {expiresAt:u}" : Status.ToString();
}
