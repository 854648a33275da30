using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace OAuth2Generic;

/// <summary>
/// Reads a token endpoint's answer, or a provider's error document, as the JSON object the rest of the handler reads.
/// A body labelled <c>application/x-www-form-urlencoded</c> is a form (GitHub and older servers answer so when they
/// ignore <c>Accept</c>), read into an object of string members; any other body is JSON, whatever its Content-Type.
/// </summary>
/// <remarks>
/// Ruby's oauth2 gem decides by the Content-Type alone too (<c>OAuth2::Response#parser</c>: the media type without its
/// parameters), and reads a form with <c>Rack::Utils.parse_query</c>. Nothing is guessed from the body: a form labelled
/// <c>text/plain</c> fails as not JSON, as it fails in Ruby. A form is refused as a whole when a name comes twice (two
/// <c>access_token</c> fields read differently by two parsers are a confusion, like duplicate JSON members), when a
/// <c>%</c> escape is broken, or when the decoded bytes are not UTF-8.
/// </remarks>
internal static class ProviderDocument
{
    /// <summary>The media type of a form body (RFC 6749 Appendix B, WHATWG URL's application/x-www-form-urlencoded).</summary>
    public const string FormMediaType = "application/x-www-form-urlencoded";

    /// <summary>Whether a body of this media type is read as a form.</summary>
    /// <param name="mediaType">The Content-Type's media type, without parameters; null when the answer had none.</param>
    public static bool IsForm(string? mediaType) => string.Equals(mediaType, FormMediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>What a body of this media type must be, for a failure message: <c>JSON</c> or <c>a valid form</c>.</summary>
    public static string Expected(string? mediaType) => IsForm(mediaType) ? "a valid form" : "JSON";

    /// <summary>The document: a form as an object of strings, anything else parsed as JSON; null when it cannot be read.</summary>
    /// <param name="body">The response body.</param>
    /// <param name="mediaType">The Content-Type's media type, without parameters; null when the answer had none.</param>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body, string? mediaType) =>
        IsForm(mediaType) ? TryParseForm(body.Span) : ProviderJson.TryParse(body);

    /// <summary>
    /// A form body as a JSON object: one string member per field, in order (<c>a=1&amp;b</c> is <c>{"a":"1","b":""}</c>);
    /// null when a name comes twice, an escape is broken or the text is not UTF-8.
    /// </summary>
    public static JsonDocument? TryParseForm(ReadOnlySpan<byte> body)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var json = new ArrayBufferWriter<byte>(body.Length + 2);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            foreach (var range in body.Split((byte)'&'))
            {
                var field = body[range];
                if (field.IsEmpty)
                {
                    continue;
                }

                var equals = field.IndexOf((byte)'=');
                var name = Decode(equals < 0 ? field : field[..equals]);
                var value = Decode(equals < 0 ? [] : field[(equals + 1)..]);
                if (name is null || value is null || !names.Add(name))
                {
                    return null;
                }

                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(json.WrittenMemory);
    }

    // '+' is a space and %XX a byte; the bytes are UTF-8 text (WHATWG URL, application/x-www-form-urlencoded parsing).
    private static string? Decode(ReadOnlySpan<byte> encoded)
    {
        var bytes = encoded.Length <= 256 ? stackalloc byte[encoded.Length] : new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var current = encoded[i];
            if (current == (byte)'+')
            {
                current = (byte)' ';
            }
            else if (current == (byte)'%')
            {
                var high = i + 1 < encoded.Length ? HexValue(encoded[i + 1]) : -1;
                var low = i + 2 < encoded.Length ? HexValue(encoded[i + 2]) : -1;
                if (high < 0 || low < 0)
                {
                    return null;
                }

                current = (byte)((high << 4) | low);
                i += 2;
            }

            bytes[length++] = current;
        }

        var decoded = bytes[..length];
        return Utf8.IsValid(decoded) ? Encoding.UTF8.GetString(decoded) : null;
    }

    private static int HexValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        _ => -1,
    };
}
