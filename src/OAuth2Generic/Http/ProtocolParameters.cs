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
}
