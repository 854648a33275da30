using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic.Tests;

/// <summary>Cognito access tokens for <see cref="FakeCognito"/>'s pool, as Cognito issues them, changed as a test says.</summary>
internal static class AccessTokens
{
    public const string ApiClientId = "api-app-client-1";

    /// <summary>The payload of an access token for <see cref="FakeCognito.Subject"/> issued to <see cref="ApiClientId"/>.</summary>
    public static Dictionary<string, object> Claims(string issuer, DateTimeOffset? at = null, string scope = "openid orders/read")
    {
        var now = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        return new Dictionary<string, object>
        {
            ["sub"] = FakeCognito.Subject,
            ["cognito:groups"] = new[] { "admins" },
            ["iss"] = issuer,
            ["version"] = 2,
            ["client_id"] = ApiClientId,
            ["origin_jti"] = Guid.NewGuid().ToString(),
            ["token_use"] = "access",
            ["scope"] = scope,
            ["auth_time"] = now,
            ["exp"] = now + 3600,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString(),
            ["username"] = "bob",
        };
    }

    /// <summary>An access token signed by the pool's key, with the claims changed by <paramref name="change"/>.</summary>
    public static string Signed(string issuer, Action<Dictionary<string, object>>? change = null, SecurityKey? key = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var claims = Claims(issuer);
        change?.Invoke(claims);
        return FakeCognito.Sign(claims, key, algorithm);
    }
}
