namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The outcome of redeeming a refresh token: the sign-in to issue tokens for, with the new refresh token when the client
/// rotates them, or a refusal (<c>invalid_grant</c>) with the <c>error_description</c> that tells why, when there is one
/// worth telling (none for a token the emulator never issued to this client).
/// </summary>
internal sealed record RefreshRedemption(RefreshGrant? Grant, string? RefreshToken, string? ErrorDescription)
{
    public static RefreshRedemption Redeemed(RefreshGrant grant, string? rotatedRefreshToken) => new(grant, rotatedRefreshToken, null);

    public static RefreshRedemption Refused(string? description = null) => new(null, null, description);
}
