using System.Net;

namespace OAuth2Generic;

/// <summary>
/// What a token or user-info endpoint answered, read whole (within the size cap) so the response can be disposed.
/// </summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="ContentType">The media type of the body, if any.</param>
/// <param name="WwwAuthenticate">The <c>WWW-Authenticate</c> header (RFC 6750 §3), if any.</param>
/// <param name="RedirectHost">The host a 3xx answer pointed to, if any.</param>
/// <param name="Body">The body.</param>
internal sealed record BackchannelAnswer(
    HttpStatusCode StatusCode,
    string? ContentType,
    string? WwwAuthenticate,
    string? RedirectHost,
    ReadOnlyMemory<byte> Body)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and <= 299;
}
