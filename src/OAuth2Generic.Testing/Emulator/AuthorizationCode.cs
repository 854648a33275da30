namespace OAuth2Generic.Testing.Emulator;

/// <summary>What an authorization code stands for until it is redeemed once, or expires.</summary>
internal sealed record AuthorizationCode(
    string ClientId,
    string RedirectUri,
    CognitoEmulatorUser User,
    string Scope,
    string? Nonce,
    string? CodeChallenge,
    DateTimeOffset AuthTime,
    DateTimeOffset ExpiresAt);
