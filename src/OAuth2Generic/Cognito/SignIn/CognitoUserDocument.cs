using System.Collections.Frozen;
using System.Text.Json;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The user document of a Cognito sign-in, from the userInfo answer, the id_token's payload, or both merged, with
/// Cognito's quirks straightened out so that claims come out the same whichever source they came from. Pure code.
/// </summary>
internal static class CognitoUserDocument
{
    /// <summary>Members of an id_token that describe the token rather than the user; they are not claims of the user.</summary>
    public static readonly FrozenSet<string> TokenMembers = FrozenSet.Create(
        StringComparer.Ordinal, "iss", "aud", "exp", "iat", "nbf", "nonce", "at_hash", "c_hash", "token_use", "jti", "origin_jti", "event_id");

    // ClaimTypes' URIs are all under the first two (WS-Federation's 2005 and 2009 schemas, Microsoft's 2008 and 2012
    // ones), as are the types Microsoft's identity libraries map tokens to (identity/claims/objectidentifier, …).
    private static readonly string[] ReservedClaimTypePrefixes = ["http://schemas.xmlsoap.org/", "http://schemas.microsoft.com/", "urn:oauth2generic:"];

    /// <summary>The verification flags, which Cognito's userInfo endpoint sends as the strings "true" and "false".</summary>
    public static readonly FrozenSet<string> VerificationMembers = FrozenSet.Create(StringComparer.Ordinal, "email_verified", "phone_number_verified");

    /// <summary>
    /// Builds the document: the id_token's user members, then the userInfo answer's, which win where both have a member,
    /// except the <c>cognito:</c> members, which only the id_token gives. A userInfo answer that is not an object is
    /// returned as it is, for the mapper to report.
    /// </summary>
    public static JsonDocument Create(JsonElement? idToken, JsonElement? userInfo) =>
        UserDocumentMerge.Create(idToken, userInfo, TokenMembers, IsTokenOnly, WriteMember);

    /// <summary>
    /// Whether the member is one Cognito puts only in its tokens (<c>cognito:groups</c>, <c>cognito:username</c>, …).
    /// Such a member in a userInfo answer is not Cognito's word, so it is dropped; from a validated id_token it is kept.
    /// Compared without regard to case, as <see cref="System.Security.Claims.ClaimsIdentity"/> compares claim types: a
    /// <c>Cognito:Groups</c> member would otherwise be found by <c>FindAll("cognito:groups")</c>.
    /// </summary>
    public static bool IsTokenOnly(string member) => member.StartsWith("cognito:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a member's name is a claim type that the framework or this package gives a meaning to: the URIs of
    /// <see cref="System.Security.Claims.ClaimTypes"/> and of Microsoft's other claim schemas (roles, email, name, name
    /// identifier, …), and this package's own <c>urn:oauth2generic:</c> types. Compared without regard to case, as
    /// <see cref="System.Security.Claims.ClaimsIdentity"/> compares claim types (<c>IsInRole</c>, <c>FindFirst</c>).
    /// </summary>
    /// <remarks>
    /// Such a member is never made a claim under its name, and is not kept under another either: no Cognito attribute is
    /// named so (standard attributes have OpenID Connect names, custom ones arrive as <c>custom:…</c>, developer-only ones
    /// as <c>dev:custom:…</c>), so it is a forgery by something between Cognito and the application, or a
    /// pre-token-generation Lambda's mistake. A renamed claim would look like an attribute the user pool has; the member
    /// stays in the user document that <c>OnCreatingTicket</c> sees, for an application that really wants it.
    /// </remarks>
    public static bool IsReservedClaimType(string member)
    {
        // What RequireScope reads: a member of a user document must not grant a signed-in user an API's scope.
        if (string.Equals(member, OAuth2GenericClaimTypes.Scope, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var prefix in ReservedClaimTypePrefixes)
        {
            if (member.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the (straightened) document says the member is true.</summary>
    public static bool IsTrue(JsonElement user, string member) =>
        user.ValueKind == JsonValueKind.Object && user.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.True;

    private static void WriteMember(Utf8JsonWriter writer, JsonProperty member)
    {
        var value = member.Value;
        if (VerificationMembers.Contains(member.Name))
        {
            // Cognito's userInfo quirk: "true"/"false" as strings (the id_token has JSON booleans). Anything else is not a
            // verification, so it reads as false.
            var verified = value.ValueKind == JsonValueKind.True
                           || (value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), "true", StringComparison.OrdinalIgnoreCase));
            writer.WriteBoolean(member.Name, verified);
        }
        else if (member.Name == "identities" && value.ValueKind == JsonValueKind.String && ParseJson(value.GetString()!) is { } identities)
        {
            // Cognito's userInfo quirk: a federated user's identities arrive as a JSON-encoded string (in the id_token,
            // as JSON). Written as JSON, each identity becomes one claim and its providerName can be read.
            writer.WritePropertyName(member.Name);
            identities.RootElement.WriteTo(writer);
            identities.Dispose();
        }
        else
        {
            member.WriteTo(writer);
        }
    }

    // The checks of every provider JSON (no repeated members, no escape that is no character), one level shallower: the
    // document becomes a member's value in the user document, which stays within the package's depth. What fails them
    // is not JSON, and is kept as the string it is.
    private static JsonDocument? ParseJson(string text)
    {
        var document = ProviderJson.TryParse(text, ProviderJson.MaxDepth - 1);
        if (document?.RootElement.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
        {
            return document;
        }

        document?.Dispose();
        return null;
    }
}
