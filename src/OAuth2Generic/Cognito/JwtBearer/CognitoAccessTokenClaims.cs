using System.Security.Claims;
using System.Text.Json;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The claims of a validated Cognito token: every member under its own name by the package's value rules, plus what
/// ASP.NET Core looks for: <c>sub</c> as <see cref="ClaimTypes.NameIdentifier"/>, the user name as
/// <see cref="ClaimTypes.Name"/>, each of <c>cognito:groups</c> as a <see cref="ClaimTypes.Role"/> (so
/// <c>[Authorize(Roles = "admins")]</c> works), and each of the space-separated <c>scope</c> as a claim of its own.
/// </summary>
internal static class CognitoAccessTokenClaims
{
    // The members Cognito writes into its tokens, whose names are taken from here rather than made again as strings
    // for every request of an API.
    private static readonly string[] KnownNames =
    [
        "sub", "iss", "client_id", "aud", "token_use", "scope", "auth_time", "exp", "iat", "nbf", "jti", "origin_jti",
        "event_id", "version", "username", "cognito:username", "cognito:groups", "email", "email_verified", "at_hash",
    ];

    private static readonly byte[][] KnownNamesUtf8 = [.. KnownNames.Select(System.Text.Encoding.UTF8.GetBytes)];

    public static void Add(JsonElement payload, string issuer, ClaimsIdentity identity)
    {
        foreach (var member in payload.EnumerateObject())
        {
            var value = member.Value;
            var name = NameOf(member);
            switch (name)
            {
                case "scope" when value.ValueKind == JsonValueKind.String:
                    // OAuth 2.0 (RFC 6749 §3.3): one string of space-separated scopes; a claim each is what RequireScope reads.
                    foreach (var scope in value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        identity.AddClaim(new Claim(OAuth2GenericClaimTypes.Scope, scope, ClaimValueTypes.String, issuer, issuer, identity));
                    }

                    continue;
                case "sub":
                    UserResponseMapper.AddClaims(identity, ClaimTypes.NameIdentifier, value, issuer);
                    break;
                case "username" or "cognito:username":
                    // username in access tokens, cognito:username in id tokens; a machine's token (client credentials) has neither.
                    UserResponseMapper.AddClaims(identity, ClaimTypes.Name, value, issuer);
                    break;
                case "cognito:groups":
                    UserResponseMapper.AddClaims(identity, ClaimTypes.Role, value, issuer);
                    break;
            }

            // As at sign-in: a member named like a claim type with a meaning (a role URI, a scope in another case) is no
            // Cognito claim, but a forgery or a pre-token-generation Lambda's mistake, and never becomes that claim.
            if (!CognitoUserDocument.IsReservedClaimType(name))
            {
                UserResponseMapper.AddClaims(identity, name, value, issuer);
            }
        }
    }

    private static string NameOf(JsonProperty member)
    {
        for (var i = 0; i < KnownNamesUtf8.Length; i++)
        {
            if (member.NameEquals(KnownNamesUtf8[i]))
            {
                return KnownNames[i];
            }
        }

        return member.Name;
    }
}
