using System.Runtime.InteropServices;
using System.Text.Json;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The JSON type of every claim that has one in RFC 7519 or in Cognito's tokens, checked in one pass over a payload the
/// strict reader already parsed (<see cref="JwtParts"/>), by the API's checks
/// (<see cref="CognitoAccessTokenValidator"/>) and the sign-in's id_token checks (<see cref="IdTokenValidator"/>)
/// alike.
/// </summary>
/// <remarks>
/// <c>aws-jwt-verify</c> refuses a token while it parses it when <c>iss</c>, <c>sub</c>, <c>jti</c> or <c>scope</c> is
/// not a string, <c>aud</c> not a string or an array of strings, or <c>exp</c>, <c>nbf</c>, <c>iat</c> not a finite
/// number (<c>null</c> and <c>1e400</c>, which JavaScript reads as Infinity, included), and later when <c>token_use</c>
/// or <c>client_id</c> is not a string. The package checks the same, and also what Cognito always writes and what
/// becomes a claim with a meaning here: <c>username</c> and <c>cognito:username</c> (the name) strings,
/// <c>cognito:groups</c> (the roles) an array of strings, <c>auth_time</c> a finite number.
/// </remarks>
internal static class CognitoClaimTypeRules
{
    private const string AString = "a string";
    private const string AFiniteNumber = "a finite number";
    private const string AStringOrStrings = "a string or an array of strings";
    private const string Strings = "an array of strings";
    private const string CognitoShape = "Cognito's token shape";

    // The longest name of a rule, cognito:username: a longer member name (unescaped) is no registered claim.
    private const int LongestName = 16;

    /// <summary>The first registered claim of <paramref name="payload"/> whose JSON type is wrong, or null when there is none.</summary>
    /// <param name="payload">The token's payload, an object without duplicate members (so one pass sees every claim once).</param>
    public static ClaimTypeViolation? Check(JsonElement payload)
    {
        foreach (var member in payload.EnumerateObject())
        {
            var (claim, expected, reference) = RuleOf(member);
            if (claim is not null && !Fits(member.Value, expected!))
            {
                return new ClaimTypeViolation(claim, expected!, reference!, KindOf(member.Value, expected!));
            }
        }

        return null;
    }

    // The name read from the raw bytes the document holds, without making a string: a name written with escapes
    // ("\u0069at" is iat, and aws-jwt-verify's JSON.parse reads it so) is unescaped first, rarely.
    private static (string? Claim, string? Expected, string? Reference) RuleOf(JsonProperty member)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(member);
        if (raw.Contains((byte)'\\'))
        {
            return RuleOf(member.Name);
        }

        if (raw.Length > LongestName)
        {
            return default;
        }

        // Every registered name is ASCII; a byte of a longer UTF-8 sequence becomes a character no name has.
        Span<char> name = stackalloc char[LongestName];
        for (var i = 0; i < raw.Length; i++)
        {
            name[i] = (char)raw[i];
        }

        return RuleOf(name[..raw.Length]);
    }

    private static (string? Claim, string? Expected, string? Reference) RuleOf(ReadOnlySpan<char> name) => name switch
    {
        "iss" => ("iss", AString, "RFC 7519 §4.1.1"),
        "sub" => ("sub", AString, "RFC 7519 §4.1.2"),
        "aud" => ("aud", AStringOrStrings, "RFC 7519 §4.1.3"),
        "exp" => ("exp", AFiniteNumber, "RFC 7519 §4.1.4"),
        "nbf" => ("nbf", AFiniteNumber, "RFC 7519 §4.1.5"),
        "iat" => ("iat", AFiniteNumber, "RFC 7519 §4.1.6"),
        "jti" => ("jti", AString, "RFC 7519 §4.1.7"),
        "scope" => ("scope", AString, "RFC 8693 §4.2"),
        "client_id" => ("client_id", AString, "RFC 8693 §4.3"),
        "auth_time" => ("auth_time", AFiniteNumber, "OpenID Connect Core §2"),
        "token_use" => ("token_use", AString, CognitoShape),
        "username" => ("username", AString, CognitoShape),
        "cognito:username" => ("cognito:username", AString, CognitoShape),
        "cognito:groups" => ("cognito:groups", Strings, CognitoShape),
        _ => default,
    };

    private static bool Fits(JsonElement value, string expected) => expected switch
    {
        AString => value.ValueKind == JsonValueKind.String,
        AFiniteNumber => NumericDate.FiniteNumber(value) is not null,
        AStringOrStrings => value.ValueKind == JsonValueKind.String || AllStrings(value),
        _ => AllStrings(value),
    };

    private static bool AllStrings(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }

        return true;
    }

    // The JSON kind, never the value: the description goes into a log line and an answer's header.
    private static string KindOf(JsonElement value, string expected) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.String => "a string",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => NumericDate.FiniteNumber(value) is null ? "a number beyond a double's range (not finite)" : "a number",
        _ when expected is AStringOrStrings or Strings => $"an array holding {KindOf(value.EnumerateArray().First(item => item.ValueKind != JsonValueKind.String), AString)}",
        _ => "an array",
    };
}
