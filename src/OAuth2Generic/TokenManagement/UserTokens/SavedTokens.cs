using System.Globalization;
using Microsoft.AspNetCore.Authentication;

namespace OAuth2Generic;

/// <summary>
/// The tokens the framework saves in the authentication properties with <c>SaveTokens</c> (<c>access_token</c>,
/// <c>refresh_token</c>, <c>token_type</c>, <c>expires_at</c> in the round-trip format), read and replaced after a refresh.
/// </summary>
internal static class SavedTokens
{
    public const string AccessToken = "access_token";
    public const string RefreshToken = "refresh_token";
    private const string TokenType = "token_type";
    private const string ExpiresAtName = "expires_at";

    // The redemption that brought the saved tokens (its key, a hash, never a token), so that its kept result can be
    // forgotten when the session ends.
    private const string RedeemedUnderItem = ".oauth2generic.refresh.from";

    // The framework keeps a saved token in Items under ".Token." + its name; reading that key directly spares the key
    // GetTokenValue builds on every call, since this runs on every validation of a signed-in cookie.
    private const string ExpiresAtItem = ".Token." + ExpiresAtName;

    /// <summary>When the saved access token expires, or null when the sign-in did not say (no <c>expires_in</c>).</summary>
    public static DateTimeOffset? ExpiresAt(AuthenticationProperties properties)
    {
        if (!properties.Items.TryGetValue(ExpiresAtItem, out var value) || value is null)
        {
            return null;
        }

        // The framework and Store write the round-trip format; its exact parse is several times cheaper than the
        // general one, which stays for a value written some other way (an app's own OnCreatingTicket).
        if (DateTimeOffset.TryParseExact(value, "o", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
            || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out expiresAt))
        {
            return expiresAt;
        }

        return null;
    }

    /// <summary>The key of the redemption that brought the saved tokens, or null when they come from the sign-in.</summary>
    public static string? RedeemedUnder(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(RedeemedUnderItem, out var key) ? key : null;

    /// <summary>Records the key of the redemption that brought the saved tokens.</summary>
    public static void SetRedeemedUnder(AuthenticationProperties properties, string key) => properties.Items[RedeemedUnderItem] = key;

    /// <summary>
    /// Replaces the saved tokens with the refreshed ones: the old refresh token stays when the answer has none (a
    /// provider that does not rotate them, such as Cognito by default), and so does the token type. An answer without
    /// <c>expires_in</c> removes <c>expires_at</c>, since the old one would be wrong.
    /// </summary>
    public static void Store(AuthenticationProperties properties, RefreshedTokens tokens)
    {
        var saved = properties.GetTokens().ToDictionary(token => token.Name, token => token.Value, StringComparer.Ordinal);
        saved[AccessToken] = tokens.AccessToken;
        if (tokens.RefreshToken is not null)
        {
            saved[RefreshToken] = tokens.RefreshToken;
        }

        if (tokens.TokenType is not null)
        {
            saved[TokenType] = tokens.TokenType;
        }

        if (tokens.ExpiresAt is { } expiresAt)
        {
            saved[ExpiresAtName] = expiresAt.ToString("o", CultureInfo.InvariantCulture);
        }
        else
        {
            saved.Remove(ExpiresAtName);
        }

        properties.StoreTokens(saved.Select(token => new AuthenticationToken { Name = token.Key, Value = token.Value }));
    }
}
