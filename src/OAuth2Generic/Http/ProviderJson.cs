using System.Text.Json;
using System.Text.Unicode;

namespace OAuth2Generic;

/// <summary>
/// Parses what a provider sent as JSON, whatever its Content-Type, refusing duplicate members: two <c>sub</c>
/// members read differently by two parsers is an identity confusion.
/// </summary>
internal static class ProviderJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    /// <summary>The document, or null when the body is not JSON (or too deeply nested, or not UTF-8).</summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body)
    {
        // The parser checks the structure but not the UTF-8 inside strings, which would fail later, when read.
        if (!Utf8.IsValid(body.Span))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
