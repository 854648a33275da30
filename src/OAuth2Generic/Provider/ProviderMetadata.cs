using System.Text.Json;

namespace OAuth2Generic;

/// <summary>
/// What the package uses of a provider's discovery document (OpenID Connect Discovery 1.0 §3, RFC 8414 §2): its issuer,
/// endpoints and id_token signing algorithms. Immutable: a refreshed document is a new instance.
/// </summary>
/// <param name="Issuer">The <c>issuer</c>, which equals the scheme's authority.</param>
/// <param name="AuthorizationEndpoint">The <c>authorization_endpoint</c>.</param>
/// <param name="TokenEndpoint">The <c>token_endpoint</c>.</param>
/// <param name="UserInfoEndpoint">The <c>userinfo_endpoint</c>, if any.</param>
/// <param name="JwksUri">The <c>jwks_uri</c>, if any.</param>
/// <param name="EndSessionEndpoint">The <c>end_session_endpoint</c> (OpenID Connect RP-Initiated Logout), if any.</param>
/// <param name="RevocationEndpoint">The <c>revocation_endpoint</c> (RFC 7009, RFC 8414), if any.</param>
/// <param name="IdTokenAlgorithms">The <c>id_token_signing_alg_values_supported</c>, empty when the document has none.</param>
internal sealed record ProviderMetadata(
    string Issuer,
    string? AuthorizationEndpoint,
    string? TokenEndpoint,
    string? UserInfoEndpoint,
    string? JwksUri,
    string? EndSessionEndpoint,
    string? RevocationEndpoint,
    IReadOnlyList<string> IdTokenAlgorithms)
{
    /// <summary>The members of <paramref name="document"/>, or the name of the first one that is wrong.</summary>
    /// <param name="document">The document's root.</param>
    /// <param name="problem">What is wrong, for the failure's message; null when the document is read.</param>
    public static ProviderMetadata? Read(JsonElement document, out string? problem)
    {
        problem = null;
        if (document.ValueKind != JsonValueKind.Object)
        {
            problem = "JSON that is not an object";
            return null;
        }

        if (ProviderJson.StringMember(document, "issuer") is not { Length: > 0 } issuer)
        {
            problem = "a document with no issuer";
            return null;
        }

        string? wrong = null;
        string? Endpoint(string name)
        {
            var value = ProviderJson.StringMember(document, name);
            if (value is null || (Uri.TryCreate(value, UriKind.Absolute, out var url) && EndpointUrl.IsSecureOrLoopback(url) && url.Fragment.Length == 0))
            {
                return value;
            }

            // OpenID Connect Discovery §3: every endpoint is an https URL; a relative or other one would be resolved here
            // against nothing, or sent somewhere the package never sends tokens.
            wrong ??= $"a document whose {name} is not an absolute https URL (http only on loopback)";
            return null;
        }

        var metadata = new ProviderMetadata(
            issuer,
            Endpoint("authorization_endpoint"),
            Endpoint("token_endpoint"),
            Endpoint("userinfo_endpoint"),
            Endpoint("jwks_uri"),
            Endpoint("end_session_endpoint"),
            Endpoint("revocation_endpoint"),
            Strings(document, "id_token_signing_alg_values_supported"));
        problem = wrong;
        return wrong is null ? metadata : null;
    }

    private static string[] Strings(JsonElement document, string name) =>
        document.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Array
            ? [.. values.EnumerateArray().Where(value => value.ValueKind == JsonValueKind.String).Select(value => value.GetString()!)]
            : [];
}
