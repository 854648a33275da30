namespace OAuth2Generic;

/// <summary>
/// Claim value types for JSON values. The strings equal those of Microsoft.IdentityModel's
/// <c>JsonClaimValueTypes</c>, so claims from this package and from JWT handlers compare alike.
/// </summary>
internal static class JsonClaimValueTypes
{
    /// <summary>A JSON object, as its text.</summary>
    public const string Json = "JSON";

    /// <summary>A JSON array, as its text.</summary>
    public const string JsonArray = "JSON_ARRAY";
}
