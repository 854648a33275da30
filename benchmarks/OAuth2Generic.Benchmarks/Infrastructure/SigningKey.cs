using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic.Benchmarks;

/// <summary>One RSA key that signs the id_tokens of the id_token benchmarks, and its JWKS.</summary>
internal static class SigningKey
{
    public const string Issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Bench1234";

    public static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "bench-key" };

    private static readonly string[] Groups = ["admins", "editors"];

    public static string JwksJson()
    {
        var parameters = Key.Rsa.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { alg = "RS256", e = Base64Url.EncodeToString(parameters.Exponent), kid = Key.KeyId, kty = "RSA", n = Base64Url.EncodeToString(parameters.Modulus), use = "sig" },
            },
        });
    }

    /// <summary>An id_token as Cognito issues it, for the given nonce, valid for an hour.</summary>
    public static string IdToken(string nonce)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "248289761001",
                ["aud"] = ProviderDocuments.ClientId,
                ["email_verified"] = true,
                ["token_use"] = "id",
                ["auth_time"] = now,
                ["iss"] = Issuer,
                ["cognito:username"] = "bob",
                ["cognito:groups"] = Groups,
                ["exp"] = now + 3600,
                ["iat"] = now,
                ["email"] = "bob@example.com",
                ["nonce"] = nonce,
            },
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An access token as Cognito issues it to an app client, with scopes and groups, valid for an hour.</summary>
    public static string AccessToken()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "248289761001",
                ["cognito:groups"] = Groups,
                ["iss"] = Issuer,
                ["version"] = 2,
                ["client_id"] = ProviderDocuments.ClientId,
                ["origin_jti"] = "6f2a6c1e-5b1f-4c1a-9b7e-2f2b8c2d9e11",
                ["token_use"] = "access",
                ["scope"] = "openid orders/read",
                ["auth_time"] = now,
                ["exp"] = now + 3600,
                ["iat"] = now,
                ["jti"] = "0c0c5b8e-4a86-4a43-8c38-2d4f4b1c7a10",
                ["username"] = "bob",
            },
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
        });
    }
}
