namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// What a refresh token stands for. <paramref name="OriginJti"/> is shared by every token of the sign-in, as Cognito's
/// <c>origin_jti</c> is, so revoking the refresh token also revokes the access tokens issued with it.
/// </summary>
internal sealed record RefreshGrant(string ClientId, CognitoEmulatorUser User, string Scope, string OriginJti, DateTimeOffset AuthTime);
