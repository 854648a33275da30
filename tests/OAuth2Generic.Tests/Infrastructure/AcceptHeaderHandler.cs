using System.Net.Http.Headers;

namespace OAuth2Generic.Tests;

/// <summary>
/// A backchannel handler that replaces the <c>Accept</c> of every request the handler sends, for a provider that
/// chooses its answer's format by it. Follows no redirects, as the package requires.
/// </summary>
internal sealed class AcceptHeaderHandler(string mediaType) : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        return base.SendAsync(request, cancellationToken);
    }
}
