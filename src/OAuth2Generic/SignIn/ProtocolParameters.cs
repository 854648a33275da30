using System.Collections.Frozen;

namespace OAuth2Generic;

/// <summary>
/// The parameters the handler itself owns in the authorize and token requests; configuration may not set them,
/// since a second value would be ambiguous (RFC 6749 §3.1: parameters must not be included more than once).
/// </summary>
internal static class ProtocolParameters
{
    public static readonly FrozenSet<string> Authorize = FrozenSet.Create(
        StringComparer.Ordinal, "client_id", "redirect_uri", "response_type", "state", "code_challenge", "code_challenge_method");

    public static readonly FrozenSet<string> Token = FrozenSet.Create(
        StringComparer.Ordinal, "grant_type", "code", "redirect_uri", "code_verifier", "client_id", "client_secret");

    /// <summary>The callback's parameters that the handler reads (RFC 6749 §4.1.2 and §4.1.2.1).</summary>
    public static readonly FrozenSet<string> Callback = FrozenSet.Create(
        StringComparer.Ordinal, "code", "state", "error", "error_description", "error_uri");
}
