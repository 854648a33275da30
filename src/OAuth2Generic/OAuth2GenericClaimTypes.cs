namespace OAuth2Generic;

/// <summary>
/// Claim types for the OmniAuth info keys that have no counterpart in <see cref="System.Security.Claims.ClaimTypes"/>.
/// </summary>
public static class OAuth2GenericClaimTypes
{
    /// <summary>The user's nickname or username (OmniAuth <c>nickname</c>).</summary>
    public const string Nickname = "urn:oauth2generic:nickname";

    /// <summary>A short description of the user (OmniAuth <c>description</c>).</summary>
    public const string Description = "urn:oauth2generic:description";

    /// <summary>The URL of the user's avatar (OmniAuth <c>image</c>).</summary>
    public const string Image = "urn:oauth2generic:image";

    /// <summary>The user's URLs, usually a JSON object of name to URL (OmniAuth <c>urls</c>).</summary>
    public const string Urls = "urn:oauth2generic:urls";

    /// <summary>
    /// One OAuth 2.0 scope the bearer token grants (<c>scope</c>, one claim per scope of the token's space-separated
    /// list), as <c>RequireScope</c> reads it.
    /// </summary>
    public const string Scope = "scope";
}
