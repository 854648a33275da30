using System.Text.Encodings.Web;
using System.Text.Json;

namespace CognitoSample;

/// <summary>What the sample's API answered, as its pages show it.</summary>
/// <param name="Status">The HTTP status, or 0 when the API was not called.</param>
/// <param name="Text">The answer, indented when it is JSON, or why the API was not called.</param>
/// <param name="TokenId">The id (<c>jti</c>) of the token the API saw, when it said.</param>
public sealed record ApiAnswer(int Status, string Text, string? TokenId)
{
    // Indented, so that the answer reads as a few short lines; the page encodes it for HTML itself.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The answer of a call that was made.</summary>
    public static ApiAnswer From(int status, string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var tokenId = json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.Object
                && token.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
            return new ApiAnswer(status, JsonSerializer.Serialize(json.RootElement, Indented), status == StatusCodes.Status200OK ? tokenId : null);
        }
        catch (JsonException)
        {
            return new ApiAnswer(status, body, null);
        }
    }
}
