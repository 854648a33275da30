using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>One RSA key of the user pool: a 2048-bit key under a random <c>kid</c>, as Cognito's are, signing with RS256.</summary>
internal sealed class SigningKey : IDisposable
{
    private readonly RSA _rsa;
    private readonly bool _owned;

    /// <param name="rsa">A key the test gave, not disposed here; null makes one.</param>
    public SigningKey(RSA? rsa = null)
    {
        _rsa = rsa ?? RSA.Create(2048);
        _owned = rsa is null;
        SecurityKey = new RsaSecurityKey(_rsa) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) };
        Credentials = new SigningCredentials(SecurityKey, SecurityAlgorithms.RsaSha256);
    }

    public string KeyId => SecurityKey.KeyId;

    public RsaSecurityKey SecurityKey { get; }

    public SigningCredentials Credentials { get; }

    /// <summary>The key's entry in the JWKS: its public half.</summary>
    public void WriteJwk(Utf8JsonWriter json)
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        json.WriteStartObject();
        json.WriteString("alg", "RS256");
        json.WriteString("e", Base64Url.EncodeToString(parameters.Exponent));
        json.WriteString("kid", KeyId);
        json.WriteString("kty", "RSA");
        json.WriteString("n", Base64Url.EncodeToString(parameters.Modulus));
        json.WriteString("use", "sig");
        json.WriteEndObject();
    }

    public void Dispose()
    {
        if (_owned)
        {
            _rsa.Dispose();
        }
    }
}
