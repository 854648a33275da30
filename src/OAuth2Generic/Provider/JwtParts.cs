using System.Buffers.Text;
using System.Text.Json;

namespace OAuth2Generic;

/// <summary>
/// The header and payload of a token read as strictly as every provider JSON, before IdentityModel reads them: of two
/// members of the same name it keeps the last (a validly signed token with two subs gave the id from one and the sub
/// claim from the other), and a lone surrogate it does not read itself would fail later, while claims are made.
/// </summary>
internal static class JwtParts
{
    /// <summary>
    /// The two documents, or nulls when the token is not three base64url segments (IdentityModel then reports it as not
    /// a JWT, or an encrypted one).
    /// </summary>
    /// <param name="token">The compact token.</param>
    /// <param name="tokenName">How a message names the token (<c>id_token</c>, <c>token</c>).</param>
    /// <param name="failure">Makes the exception for a segment that is base64url but not a JSON object this package accepts.</param>
    /// <param name="buffer">
    /// Where the segments are decoded, at least <see cref="BufferLength"/> bytes (an API rents it for each request, and
    /// returns it once the documents are disposed); null to decode each into an array of its own, which the documents
    /// then keep for as long as they live.
    /// </param>
    public static (JsonDocument? Header, JsonDocument? Payload) Read(string token, string tokenName, Func<string, Exception> failure, byte[]? buffer = null)
    {
        // The segments are read in place: splitting would copy the whole token once more on every request of an API.
        var span = token.AsSpan();
        var firstDot = span.IndexOf('.');
        var secondDot = firstDot < 0 ? -1 : span[(firstDot + 1)..].IndexOf('.') + firstDot + 1;
        if (firstDot < 0 || secondDot <= firstDot || span[(secondDot + 1)..].Contains('.'))
        {
            return (null, null);
        }

        var header = Segment(span[..firstDot], buffer, 0, "header", tokenName, failure, out var used);
        try
        {
            return (header, Segment(span[(firstDot + 1)..secondDot], buffer, used, "payload", tokenName, failure, out _));
        }
        catch
        {
            header?.Dispose();
            throw;
        }
    }

    /// <summary>The bytes <see cref="Read"/> needs to decode the token's segments into a buffer.</summary>
    public static int BufferLength(string token) => Base64Url.GetMaxDecodedLength(token.Length);

    private static JsonDocument? Segment(
        ReadOnlySpan<char> encoded, byte[]? buffer, int offset, string part, string tokenName, Func<string, Exception> failure, out int end)
    {
        end = offset;
        ReadOnlyMemory<byte> json;
        if (buffer is null)
        {
            try
            {
                json = Base64Url.DecodeFromChars(encoded);
            }
            catch (FormatException)
            {
                return null;
            }
        }
        else
        {
            if (Base64Url.DecodeFromChars(encoded, buffer.AsSpan(offset), out _, out var written) != System.Buffers.OperationStatus.Done)
            {
                return null;
            }

            json = buffer.AsMemory(offset, written);
            end = offset + written;
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
