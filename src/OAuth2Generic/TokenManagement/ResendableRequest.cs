namespace OAuth2Generic;

/// <summary>
/// Whether a request that an API answered with 401 may be sent once more with a new token: the same request, to the
/// same URL, with a body that can be sent twice.
/// </summary>
internal static class ResendableRequest
{
    /// <summary>
    /// Whether <paramref name="request"/>, sent to <paramref name="url"/> with <paramref name="method"/>, may be sent
    /// again. A redirect followed on the way (the factory's default handler follows them) changed the request: its 401
    /// is another host's, which must never get a new token, and sending again would not be the caller's request. A body
    /// that was streamed once cannot be sent again; buffered ones (strings, bytes, forms, JSON) can.
    /// </summary>
    public static bool CanSendAgain(HttpRequestMessage request, Uri? url, HttpMethod method, HttpResponseMessage response) =>
        (request.Content is null or ByteArrayContent or ReadOnlyMemoryContent or System.Net.Http.Json.JsonContent)
        && request.RequestUri == url && request.Method == method
        && (response.RequestMessage is not { } answered || answered.RequestUri == url);
}
