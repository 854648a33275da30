using System.Collections.Concurrent;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The refresh tokens of one user pool and the sign-ins revoked so far: issue, redemption (with Cognito's rotation and
/// retry grace period), revocation of one sign-in and of every sign-in of a user.
/// </summary>
internal sealed class RefreshTokenStore(TimeProvider clock, TimeSpan refreshTokenLifetime)
{
    private readonly ConcurrentDictionary<string, RefreshGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _revokedOrigins = new(StringComparer.Ordinal);

    public TimeSpan RefreshTokenLifetime { get; } = refreshTokenLifetime;

    /// <summary>The refresh token of a new sign-in, good for <see cref="RefreshTokenLifetime"/> from now.</summary>
    public string IssueRefreshToken(string clientId, CognitoEmulatorUser user, string scope, string originJti, DateTimeOffset authTime)
        => EmulatorState.Add(_refreshTokens, new RefreshGrant(clientId, user, scope, originJti, authTime, clock.GetUtcNow() + RefreshTokenLifetime));

    public RefreshGrant? FindRefreshToken(string token) => _refreshTokens.TryGetValue(token, out var grant) ? grant : null;

    /// <summary>
    /// Redeems a refresh token for <paramref name="client"/>. Without rotation the token stays as it is. With rotation
    /// the token is spent and a new one of the same sign-in is issued, with a whole <see cref="RefreshTokenLifetime"/> of
    /// its own (Cognito's rotation is a sliding window: an active user is never cut off by the first token's expiry); the
    /// spent token can be redeemed once more, less than the client's retry grace period after its first redemption.
    /// </summary>
    public RefreshRedemption RedeemRefreshToken(string token, RegisteredClient client)
    {
        while (true)
        {
            // Another client's token is refused without being spent: only the client it was issued to can use it up.
            if (!_refreshTokens.TryGetValue(token, out var grant) || grant.ClientId != client.ClientId)
            {
                return RefreshRedemption.Refused();
            }

            if (IsRevoked(grant.OriginJti))
            {
                return RefreshRedemption.Refused("Refresh Token has been revoked");
            }

            var now = clock.GetUtcNow();
            if (grant.ExpiresAt <= now)
            {
                return RefreshRedemption.Refused("Refresh Token has expired");
            }

            if (!client.RefreshTokenRotation)
            {
                return RefreshRedemption.Redeemed(grant, rotatedRefreshToken: null);
            }

            RefreshGrant spent;
            if (grant.RotatedAt is not { } rotatedAt)
            {
                spent = grant with { RotatedAt = now };
            }
            else if (!grant.Retried && now < rotatedAt + client.RetryGracePeriod)
            {
                spent = grant with { Retried = true };
            }
            else
            {
                return RefreshRedemption.Refused("Invalid Refresh Token");
            }

            // Compare-and-swap against the value read above: of concurrent redemptions exactly one takes each step (the
            // rotation, then the one retry); the others read the token again and find it spent. A check followed by a
            // plain write would let all of them through.
            if (_refreshTokens.TryUpdate(token, spent, grant))
            {
                var rotated = grant with { ExpiresAt = now + RefreshTokenLifetime, RotatedAt = null, Retried = false };
                return RefreshRedemption.Redeemed(grant, EmulatorState.Add(_refreshTokens, rotated));
            }
        }
    }

    /// <summary>
    /// Revokes the sign-in of the refresh token, as Cognito does: the token itself, every refresh token rotated from it or
    /// before it, and every access token issued with them, all of which share its <c>origin_jti</c>. The revoked token is
    /// kept, so that a later refresh with it is told it was revoked.
    /// </summary>
    public void Revoke(string token)
    {
        if (_refreshTokens.TryGetValue(token, out var grant))
        {
            _revokedOrigins.TryAdd(grant.OriginJti, 0);
        }
    }

    /// <summary>
    /// Revokes every sign-in of the user, with every app client, as Cognito's <c>AdminUserGlobalSignOut</c> does. A sign-in
    /// that starts afterwards is a new one (a new <c>origin_jti</c>) and is not affected.
    /// </summary>
    public void GlobalSignOut(string username)
    {
        // The origins, not the tokens, are revoked: a rotation that runs during this loop issues a token of a revoked origin.
        foreach (var grant in _refreshTokens.Values)
        {
            if (grant.User.Username == username)
            {
                _revokedOrigins.TryAdd(grant.OriginJti, 0);
            }
        }
    }

    public bool IsRevoked(string? originJti) => originJti is not null && _revokedOrigins.ContainsKey(originJti);
}
