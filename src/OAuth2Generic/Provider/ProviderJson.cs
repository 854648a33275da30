using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace OAuth2Generic;

/// <summary>
/// Parses what a provider sent as JSON, whatever its Content-Type, refusing duplicate members: two <c>sub</c>
/// members read differently by two parsers is an identity confusion.
/// </summary>
internal static class ProviderJson
{
    /// <summary>How deeply a provider's document may nest: System.Text.Json's default.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = MaxDepth };

    /// <summary>The document, or null when the body is not JSON (or too deeply nested, or not UTF-8).</summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body) => TryParse(body, Options);

    /// <summary>
    /// A document found inside another one (a JSON-encoded string member), or null when it is not JSON by the same
    /// checks; <paramref name="maxDepth"/> leaves room for the levels of the document it will be written into.
    /// </summary>
    public static JsonDocument? TryParse(string text, int maxDepth) =>
        TryParse(Encoding.UTF8.GetBytes(text), new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = maxDepth });

    private static JsonDocument? TryParse(ReadOnlyMemory<byte> body, JsonDocumentOptions options)
    {
        // The parser checks the structure, but neither the UTF-8 inside strings nor the \uXXXX escapes that make lone
        // surrogates; either would fail later, when a string is read, far from the step that received it.
        if (!Utf8.IsValid(body.Span) || !EscapedStringsAreValid(body.Span))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body, options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The string value of an object's member; null when the element is not an object, or the member is missing or not a string.</summary>
    public static string? StringMember(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool EscapedStringsAreValid(ReadOnlySpan<byte> body)
    {
        if (body.IndexOf("\\u"u8) < 0)
        {
            return true;
        }

        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }

            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or JsonException)
        {
            return false;
        }
    }
}
