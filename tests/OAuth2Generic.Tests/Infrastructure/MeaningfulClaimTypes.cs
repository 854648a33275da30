using System.Reflection;
using System.Security.Claims;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// The claim types that the framework or this package gives a meaning to, read from their own classes: what an
/// attacker names members after to mint a role, an email or an identity.
/// </summary>
internal static class MeaningfulClaimTypes
{
    public static IReadOnlyList<string> All { get; } =
    [
        .. Constants(typeof(ClaimTypes)),
        .. Constants(typeof(OAuth2GenericClaimTypes)),
        .. Constants(typeof(CognitoClaimTypes)),

        // What Microsoft's identity libraries map token claims to (Microsoft.Identity.Web, JwtSecurityTokenHandler).
        "http://schemas.microsoft.com/identity/claims/objectidentifier",
        "http://schemas.microsoft.com/identity/claims/tenantid",
        "http://schemas.microsoft.com/claims/authnmethodsreferences",
    ];

    /// <summary>Whether the type is one of them, compared as <see cref="ClaimsIdentity"/> compares types: without regard to case.</summary>
    public static bool Contains(string type) => All.Contains(type, StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);
}
