using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic;

/// <summary>The algorithms an id_token of a generic scheme may be signed with.</summary>
internal static class IdTokenAlgorithms
{
    // Asymmetric only: none is no signature, and an HMAC would be keyed with the client secret (or, in the classic
    // confusion attack, with a public key taken for a secret); the package verifies with the provider's JWKS alone.
    private static readonly string[] Supported =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private static readonly string[] Default = [SecurityAlgorithms.RsaSha256];

    /// <summary>
    /// The supported ones the provider's discovery document lists (<c>id_token_signing_alg_values_supported</c>), or
    /// RS256 when it lists none of them: OpenID Connect Core §3.1.3.7 makes RS256 the default.
    /// </summary>
    public static IReadOnlyCollection<string> For(IReadOnlyList<string> discovered)
    {
        var accepted = Supported.Where(discovered.Contains).ToArray();
        return accepted.Length > 0 ? accepted : Default;
    }
}
