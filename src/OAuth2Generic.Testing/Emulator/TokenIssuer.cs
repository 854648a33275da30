using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// Signs id and access tokens with Cognito's claims (RS256, under a key the JWKS publishes) and checks access tokens
/// presented to userInfo.
/// </summary>
internal sealed class TokenIssuer : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;
    private readonly SigningCredentials _credentials;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly EmulatorState _state;

    private readonly Func<string> _issuer;

    // The issuer contains the port, known only once the server has started: read when the first token is made.
    public TokenIssuer(EmulatorState state, Func<string> issuerUrl)
    {
        _state = state;
        _issuer = issuerUrl;
        _key = new RsaSecurityKey(_rsa) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) };
        _credentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256);
    }

    public string Issuer => _issuer();

    /// <summary>The id token: <c>aud</c> is the client, <c>token_use</c> is <c>id</c>, and the booleans are JSON booleans.</summary>
    public string CreateIdToken(CognitoEmulatorUser user, string clientId, string originJti, DateTimeOffset authTime, string? nonce, string accessToken)
    {
        var now = _state.Now;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = user.Sub!,
            ["iss"] = Issuer,
            ["aud"] = clientId,
            ["token_use"] = "id",
            ["cognito:username"] = user.Username,
            ["origin_jti"] = originJti,
            ["event_id"] = Guid.NewGuid().ToString(),
            ["auth_time"] = authTime.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + _state.TokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["at_hash"] = AccessTokenHash(accessToken),
        };
        if (user.Groups.Count > 0)
        {
            // Cognito leaves the claim out for a user in no group, and makes it an array even for one.
            claims["cognito:groups"] = user.Groups.ToArray();
        }

        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        if (user.Email is not null)
        {
            claims["email"] = user.Email;
            claims["email_verified"] = user.EmailVerified;
        }

        if (user.PhoneNumber is not null)
        {
            claims["phone_number"] = user.PhoneNumber;
            claims["phone_number_verified"] = user.PhoneNumberVerified;
        }

        foreach (var (name, value) in user.Attributes)
        {
            claims.TryAdd(name, value);
        }

        return Sign(claims);
    }

    /// <summary>The access token: no <c>aud</c> but <c>client_id</c>, <c>token_use</c> <c>access</c>, the scopes and the user name.</summary>
    public string CreateAccessToken(CognitoEmulatorUser user, string clientId, string scope, string originJti, DateTimeOffset authTime)
    {
        var now = _state.Now;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = user.Sub!,
            ["iss"] = Issuer,
            ["client_id"] = clientId,
            ["origin_jti"] = originJti,
            ["event_id"] = Guid.NewGuid().ToString(),
            ["token_use"] = "access",
            ["scope"] = scope,
            ["auth_time"] = authTime.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + _state.TokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["username"] = user.Username,
            ["version"] = 2,
        };
        if (user.Groups.Count > 0)
        {
            claims["cognito:groups"] = user.Groups.ToArray();
        }

        return Sign(claims);
    }

    /// <summary>
    /// The access token's claims when it was signed here, is an access token, has not expired by the emulator's clock and
    /// was not revoked; otherwise the reason, as Cognito words it in <c>error_description</c>.
    /// </summary>
    public async Task<(JsonWebToken? Token, string? Error)> ValidateAccessTokenAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = _key,
            ValidIssuer = Issuer,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateAudience = false,
            // Expiry is checked against the emulator's TimeProvider below, so that tests can move the clock.
            ValidateLifetime = false,
        }).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return (null, "Invalid access token");
        }

        if (!jwt.TryGetPayloadValue<string>("token_use", out var use) || use != "access")
        {
            return (null, "Invalid access token");
        }

        if (jwt.ValidTo <= _state.Now.UtcDateTime)
        {
            return (null, "Access token has expired");
        }

        return jwt.TryGetPayloadValue<string>("origin_jti", out var origin) && _state.IsRevoked(origin)
            ? (null, "Access token has been revoked")
            : (jwt, null);
    }

    /// <summary>The JWKS document: the public half of the signing key.</summary>
    public void WriteJwks(Utf8JsonWriter json)
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        json.WriteStartObject();
        json.WriteStartArray("keys");
        json.WriteStartObject();
        json.WriteString("alg", "RS256");
        json.WriteString("e", Base64Url.EncodeToString(parameters.Exponent));
        json.WriteString("kid", _key.KeyId);
        json.WriteString("kty", "RSA");
        json.WriteString("n", Base64Url.EncodeToString(parameters.Modulus));
        json.WriteString("use", "sig");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public void Dispose() => _rsa.Dispose();

    private string Sign(Dictionary<string, object> claims)
        => _handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = _credentials });

    // OIDC Core §3.1.3.6: the left half of the SHA-256 of the access token, base64url-encoded.
    private static string AccessTokenHash(string accessToken)
    {
        var hash = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(accessToken));
        return Base64Url.EncodeToString(hash.AsSpan(0, hash.Length / 2));
    }
}
