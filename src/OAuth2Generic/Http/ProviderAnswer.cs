using System.Net;

namespace OAuth2Generic;

/// <summary>
/// What one of the provider's endpoints answered, read whole (within the size cap) so the response can be disposed.
/// </summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="ContentType">The media type of the body, if any.</param>
/// <param name="WwwAuthenticate">The <c>WWW-Authenticate</c> header (RFC 6750 §3, RFC 6749 §5.2), if any.</param>
/// <param name="RedirectHost">The host a 3xx answer pointed to, if any.</param>
/// <param name="Body">The body.</param>
internal sealed record ProviderAnswer(
    HttpStatusCode StatusCode,
    string? ContentType,
    string? WwwAuthenticate,
    string? RedirectHost,
    ReadOnlyMemory<byte> Body)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and <= 299;

    /// <summary>The body's shape for a failure message, never its content: <c>application/json, 12 bytes</c>.</summary>
    public string Shape => $"{ContentType ?? "no Content-Type"}, {Body.Length} bytes";
}
