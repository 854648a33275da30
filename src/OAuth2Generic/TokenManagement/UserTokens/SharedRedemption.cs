namespace OAuth2Generic;

/// <summary>
/// A redemption as the distributed cache stores it, before Data Protection protects it: the tokens, or that the provider
/// refused the refresh token (so that every server ends the session alike). Failures that may pass are not shared.
/// </summary>
/// <param name="AccessToken">The new access token, or null when refused.</param>
/// <param name="RefreshToken">The rotated refresh token, if any.</param>
/// <param name="IdToken">The id_token, if any.</param>
/// <param name="TokenType">The token type, if any.</param>
/// <param name="ExpiresAt">The new access token's expiry in Unix milliseconds, if known.</param>
/// <param name="Refused">Whether the provider refused the refresh token (<c>invalid_grant</c>).</param>
internal sealed record SharedRedemption(string? AccessToken, string? RefreshToken, string? IdToken, string? TokenType, long? ExpiresAt, bool Refused)
{
    /// <summary>The stored form of a redemption that brought tokens or a refusal.</summary>
    public static SharedRedemption From(Redemption redemption)
    {
        var tokens = redemption.Tokens;
        return new(tokens?.AccessToken, tokens?.RefreshToken, tokens?.IdToken, tokens?.TokenType, tokens?.ExpiresAt?.ToUnixTimeMilliseconds(), tokens is null);
    }

    /// <summary>The redemption again; null for an entry with neither tokens nor a refusal.</summary>
    public Redemption? ToRedemption()
    {
        if (Refused)
        {
            return new Redemption(null, new OAuth2GenericException(
                FailureStep.TokenRefresh, "The token endpoint refused the saved refresh token (invalid_grant) when another server redeemed it.")
            {
                Reason = OAuth2GenericFailureReasons.RefreshTokenInvalid,
            });
        }

        return AccessToken is { Length: > 0 }
            ? new Redemption(
                new RefreshedTokens(AccessToken, RefreshToken, IdToken, TokenType, ExpiresAt is { } expiresAt ? DateTimeOffset.FromUnixTimeMilliseconds(expiresAt) : null),
                null)
            : null;
    }

    // The redacted form, as RefreshedTokens': these are secrets, and a record would print them.
    public override string ToString() =>
        Refused ? "SharedRedemption (refused)" : $"SharedRedemption (expires at {(ExpiresAt is { } expiresAt ? DateTimeOffset.FromUnixTimeMilliseconds(expiresAt) : (DateTimeOffset?)null):u})";
}
