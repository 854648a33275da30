using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// Signs id and access tokens with Cognito's claims (RS256, under the current key the JWKS publishes) and checks access
/// tokens presented to userInfo against every key the JWKS still publishes. A rotation makes a new current key and keeps
/// the previous ones published, as Cognito keeps an old key in its JWKS while tokens signed with it are still in use.
/// </summary>
internal sealed class TokenIssuer : IDisposable
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly EmulatorState _state;
    private readonly Func<string> _issuer;
    private readonly Lock _lock = new();

    // Every key ever made, retired ones too: a request that read a key just before its retirement may still be signing
    // or validating with it, so keys are disposed only with the emulator.
    private readonly List<SigningKey> _keys = [];

    // The keys the JWKS publishes, the current one (which signs) first.
    private SigningKey[] _published;
    private bool _disposed;

    // The issuer contains the port, known only once the server has started: read when the first token is made.
    public TokenIssuer(EmulatorState state, Func<string> issuerUrl)
    {
        _state = state;
        _issuer = issuerUrl;
        var key = new SigningKey(state.FirstSigningKey);
        _keys.Add(key);
        _published = [key];
    }

    public string Issuer => _issuer();

    /// <summary>Makes a new current key; the previous ones stay published. Returns the new key's <c>kid</c>.</summary>
    public string Rotate()
    {
        var key = new SigningKey();
        lock (_lock)
        {
            if (_disposed)
            {
                // Disposed here, since the emulator that would dispose it has stopped.
                key.Dispose();
                throw new ObjectDisposedException(nameof(CognitoEmulator));
            }

            _keys.Add(key);
            Volatile.Write(ref _published, [key, .. _published]);
        }

        return key.KeyId;
    }

    /// <summary>Publishes the current key alone: tokens signed with an earlier one no longer validate.</summary>
    public void RetirePrevious()
    {
        lock (_lock)
        {
            Volatile.Write(ref _published, [_published[0]]);
        }
    }

    /// <summary>
    /// The id token's claims, but <c>at_hash</c> (<see cref="AddAccessTokenHash"/>): <c>aud</c> is the client,
    /// <c>token_use</c> is <c>id</c>, the booleans are JSON booleans, and a federated user's <c>identities</c> is an array.
    /// </summary>
    public Dictionary<string, object> IdTokenClaims(CognitoEmulatorUser user, string clientId, string originJti, DateTimeOffset authTime, string? nonce)
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

        if (user.Federation is { } federation)
        {
            claims["identities"] = JsonDocument.Parse(federation.ToJson()).RootElement.Clone();
        }

        foreach (var (name, value) in user.Attributes)
        {
            claims.TryAdd(name, value);
        }

        return claims;
    }

    /// <summary>The access token's claims: no <c>aud</c> but <c>client_id</c>, <c>token_use</c> <c>access</c>, the scopes and the user name.</summary>
    public Dictionary<string, object> AccessTokenClaims(CognitoEmulatorUser user, string clientId, string scope, string originJti, DateTimeOffset authTime)
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

        return claims;
    }

    /// <summary>
    /// The access token of the <c>client_credentials</c> grant, shaped as Cognito's: <c>sub</c> and <c>client_id</c> are
    /// the client, the scopes are resource-server scopes, and there is no user (no <c>username</c>, no groups) and no
    /// sign-in (no <c>origin_jti</c>, no <c>event_id</c>), so <c>auth_time</c> is the time of issue.
    /// </summary>
    public string CreateClientCredentialsAccessToken(string clientId, string scope)
    {
        var now = _state.Now;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = clientId,
            ["token_use"] = "access",
            ["scope"] = scope,
            ["auth_time"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["exp"] = (now + _state.TokenLifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["version"] = 2,
            ["jti"] = Guid.NewGuid().ToString(),
            ["client_id"] = clientId,
        };
        return Sign(claims);
    }

    /// <summary>
    /// The access token's claims when it was signed with a key the JWKS still publishes, is an access token, has not
    /// expired by the emulator's clock and was not revoked; otherwise the reason, as Cognito words it in
    /// <c>error_description</c>.
    /// </summary>
    public async Task<(JsonWebToken? Token, string? Error)> ValidateAccessTokenAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = Volatile.Read(ref _published).Select(key => key.SecurityKey),
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

    /// <summary>The JWKS document: the public halves of the published keys, the current one first.</summary>
    public void WriteJwks(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartArray("keys");
        foreach (var key in Volatile.Read(ref _published))
        {
            key.WriteJwk(json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var key in _keys)
            {
                key.Dispose();
            }
        }
    }

    public string Sign(Dictionary<string, object> claims)
        => _handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = Volatile.Read(ref _published)[0].Credentials });

    // OIDC Core §3.1.3.6: the left half of the SHA-256 of the access token, base64url-encoded.
    public static void AddAccessTokenHash(Dictionary<string, object> idTokenClaims, string accessToken)
    {
        var hash = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(accessToken));
        idTokenClaims["at_hash"] = Base64Url.EncodeToString(hash.AsSpan(0, hash.Length / 2));
    }
}
