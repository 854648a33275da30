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
}
