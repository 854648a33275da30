using System.Reflection;
using System.Security.Claims;
using OAuth2Generic;

namespace CognitoSample;

/// <summary>
/// Short names for the claim types of the claims page: the C# constant a developer writes for a URI claim type
/// (<c>ClaimTypes.NameIdentifier</c> for <c>http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier</c>),
/// and every other type (<c>email</c>, <c>custom:team</c>) as it is.
/// </summary>
internal static class ClaimTypeNames
{
    private static readonly Dictionary<string, string> Constants = ConstantsOf(typeof(ClaimTypes))
        .Concat(ConstantsOf(typeof(OAuth2GenericClaimTypes)))
        // ClaimTypes has a few values twice (obsolete spellings); the first name is the one in use.
        .DistinctBy(constant => constant.Value)
        .ToDictionary(constant => constant.Value, constant => constant.Name, StringComparer.Ordinal);

    /// <summary>The constant's name, <c>ClaimTypes.Email</c>, or <see langword="null"/> when the type is not one.</summary>
    public static string? ConstantFor(string claimType) => Constants.GetValueOrDefault(claimType);

    private static IEnumerable<(string Value, string Name)> ConstantsOf(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => ((string)field.GetRawConstantValue()!, $"{type.Name}.{field.Name}"));
}
