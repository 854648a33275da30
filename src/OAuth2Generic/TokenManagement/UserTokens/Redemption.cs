namespace OAuth2Generic;

/// <summary>
/// What one redemption of a refresh token brought, shared by every request that waited for it: the new tokens, or the
/// failure. A failure whose <see cref="OAuth2GenericException.Reason"/> is
/// <see cref="OAuth2GenericFailureReasons.RefreshTokenInvalid"/> ends the session; any other keeps it.
/// </summary>
/// <param name="Tokens">The new tokens, or null when the redemption failed.</param>
/// <param name="Failure">Why it failed, or null.</param>
internal sealed record Redemption(RefreshedTokens? Tokens, OAuth2GenericException? Failure)
{
    /// <summary>Whether the provider refused the refresh token itself, which ends the session.</summary>
    public bool EndsSession => Failure?.Reason == OAuth2GenericFailureReasons.RefreshTokenInvalid;
}
