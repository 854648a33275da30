using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace OAuth2Generic;

/// <summary>
/// The tokens of one refresh answer (RFC 6749 §5.1): what is saved in place of the old ones, and what every request of
/// the same session, on this server or another, takes while it still carries the old ones.
/// </summary>
/// <param name="AccessToken">The new access token.</param>
/// <param name="RefreshToken">A new refresh token when the provider rotates them, else null (the old one stays).</param>
/// <param name="IdToken">The id_token, when the answer has one (OpenID Connect Core §12.2 makes it optional).</param>
/// <param name="TokenType">The token type, when the answer says.</param>
/// <param name="ExpiresAt">When the new access token expires, when the answer says (<c>expires_in</c>).</param>
internal sealed record RefreshedTokens(string AccessToken, string? RefreshToken, string? IdToken, string? TokenType, DateTimeOffset? ExpiresAt)
{
    /// <summary>The tokens of a successful token response, its expiry counted from <paramref name="now"/>.</summary>
    public static RefreshedTokens From(OAuthTokenResponse response, DateTimeOffset now)
    {
        var root = response.Response!.RootElement;
        DateTimeOffset? expiresAt = TokenLifetime.FromExpiresIn(response.ExpiresIn) is { } lifetime ? now + lifetime : null;
        return new RefreshedTokens(
            response.AccessToken!,
            NonEmpty(response.RefreshToken),
            NonEmpty(ProviderJson.StringMember(root, "id_token")),
            NonEmpty(response.TokenType),
            expiresAt);
    }

    /// <summary>
    /// The tokens as a token response, for the handler's mapping when the claims are rebuilt from them; the caller
    /// disposes it.
    /// </summary>
    public OAuthTokenResponse ToTokenResponse(DateTimeOffset now)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256 + AccessToken.Length + (IdToken?.Length ?? 0));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("access_token", AccessToken);
            WriteIfSet(json, "refresh_token", RefreshToken);
            WriteIfSet(json, "id_token", IdToken);
            WriteIfSet(json, "token_type", TokenType);
            if (ExpiresAt is { } expiresAt)
            {
                json.WriteString("expires_in", Math.Max(0, (long)(expiresAt - now).TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }

            json.WriteEndObject();
        }

        return OAuthTokenResponse.Success(JsonDocument.Parse(buffer.WrittenMemory));
    }

    // The redacted form: these are secrets, and a record would print them.
    public override string ToString() => $"RefreshedTokens (expires at {ExpiresAt:u})";

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
