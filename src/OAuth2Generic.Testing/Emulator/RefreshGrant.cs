namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// What a refresh token stands for. <paramref name="OriginJti"/> is shared by every token of the sign-in, as Cognito's
/// <c>origin_jti</c> is, so revoking the refresh token also revokes the access tokens issued with it; a rotated refresh
/// token keeps it, as it keeps the user, scope and <paramref name="AuthTime"/>: rotation continues a sign-in, it does not
/// start one.
/// </summary>
internal sealed record RefreshGrant(string ClientId, CognitoEmulatorUser User, string Scope, string OriginJti, DateTimeOffset AuthTime, DateTimeOffset ExpiresAt)
{
    /// <summary>When a rotation first redeemed the token, or <see langword="null"/> while it has not been rotated out.</summary>
    public DateTimeOffset? RotatedAt { get; init; }

    /// <summary>Whether the one redemption that the retry grace period allows after the rotation has been spent.</summary>
    public bool Retried { get; init; }
}
