using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OAuth2Generic.Tests;

/// <summary>
/// A user pool's JWKS served in memory at its real URL (<c>https://cognito-idp.{region}.amazonaws.com/{pool}/.well-known/jwks.json</c>),
/// as a scheme's backchannel handler: a scheme configured by <c>UserPoolId</c> gets its keys without a network. Every other
/// request goes to <paramref name="inner"/> (the sign-in's token and userInfo requests to a fake pool), or is answered
/// 404 when there is none.
/// </summary>
internal sealed class StaticJwks(string jwksUrl, string jwks, HttpMessageHandler? inner = null) : DelegatingHandler(inner ?? new NotFound())
{
    private readonly byte[] _jwks = Encoding.UTF8.GetBytes(jwks);

    /// <summary>The JWKS of the pool whose issuer is <paramref name="issuer"/>, every other request to <paramref name="inner"/>.</summary>
    public static StaticJwks For(string issuer, string jwks, HttpMessageHandler? inner = null) => new(issuer + "/.well-known/jwks.json", jwks, inner);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.AbsoluteUri != jwksUrl)
        {
            return base.SendAsync(request, cancellationToken);
        }

        var content = new ByteArrayContent(_jwks);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }

    private sealed class NotFound : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request });
    }
}
