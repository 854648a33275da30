using System.Buffers.Text;
using System.Text.Json;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The header and payload of a token read as strictly as every provider JSON, before IdentityModel reads them: of two
/// members of the same name it keeps the last (a validly signed token with two subs gave the id from one and the sub
/// claim from the other), and a lone surrogate it does not read itself would fail later, while claims are made.
/// </summary>
internal static class CognitoJwtParts
{
    /// <summary>
    /// The two documents, or nulls when the token is not three base64url segments (IdentityModel then reports it as not
    /// a JWT, or an encrypted one).
    /// </summary>
    /// <param name="token">The compact token.</param>
    /// <param name="tokenName">How a message names the token (<c>id_token</c>, <c>token</c>).</param>
    /// <param name="failure">Makes the exception for a segment that is base64url but not a JSON object this package accepts.</param>
    public static (JsonDocument? Header, JsonDocument? Payload) Read(string token, string tokenName, Func<string, Exception> failure)
    {
        var segments = token.Split('.');
        if (segments.Length != 3)
        {
            return (null, null);
        }

        var header = Segment(segments[0], "header", tokenName, failure);
        try
        {
            return (header, Segment(segments[1], "payload", tokenName, failure));
        }
        catch
        {
            header?.Dispose();
            throw;
        }
    }

    private static JsonDocument? Segment(string encoded, string part, string tokenName, Func<string, Exception> failure)
    {
        byte[] json;
        try
        {
            json = Base64Url.DecodeFromChars(encoded);
        }
        catch (FormatException)
        {
            return null;
        }

        var document = ProviderJson.TryParse(json);
        if (document?.RootElement.ValueKind == JsonValueKind.Object)
        {
            return document;
        }

        document?.Dispose();
        throw failure($"The {tokenName}'s {part} is not a JSON object this package accepts: it repeats a member, holds invalid UTF-8 or an escape that is no character, or is not an object.");
    }
}
