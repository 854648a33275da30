using System.Net;

namespace OAuth2Generic;

/// <summary>
/// What one of the provider's endpoints answered, read whole (within the size cap) so the response can be disposed.
/// </summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="ContentTypeHeader">The <c>Content-Type</c> header as it came, if any; see <see cref="ContentType"/>.</param>
/// <param name="WwwAuthenticate">The <c>WWW-Authenticate</c> header (RFC 6750 §3, RFC 6749 §5.2) of a failed answer, if any.</param>
/// <param name="RedirectHost">The host a 3xx answer pointed to, if any.</param>
/// <param name="Body">The body.</param>
/// <param name="RetryAfter">How long a failed answer asked the client to wait (<c>Retry-After</c>, RFC 9110 §10.2.3), if it did.</param>
internal readonly record struct ProviderAnswer(
    HttpStatusCode StatusCode,
    string? ContentTypeHeader,
    string? WwwAuthenticate,
    string? RedirectHost,
    ReadOnlyMemory<byte> Body,
    TimeSpan? RetryAfter = null)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and <= 299;

    /// <summary>
    /// The body's media type, without its parameters (<c>application/json</c> of <c>application/json; charset=utf-8</c>);
    /// read from the header only when asked, since a successful JSON answer never needs it.
    /// </summary>
    public string? ContentType
    {
        get
        {
            if (ContentTypeHeader is not { } header)
            {
                return null;
            }

            var end = header.IndexOf(';', StringComparison.Ordinal);
            var mediaType = (end < 0 ? header : header[..end]).Trim();
            return mediaType.Length == 0 ? null : mediaType;
        }
    }

    /// <summary>The body's shape for a failure message, never its content: <c>application/json, 12 bytes</c>.</summary>
    public string Shape => $"{ContentType ?? "no Content-Type"}, {Body.Length} bytes";
}
