using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// The provider's token, user-info, JWKS and discovery endpoints as an in-memory <see cref="HttpMessageHandler"/>: no sockets,
/// so a callback benchmark measures the handler's own work. Every handler compared gets the same answers.
/// </summary>
internal sealed class InMemoryProvider : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private byte[] _token = Encoding.UTF8.GetBytes(ProviderDocuments.TokenResponse);
    private byte[] _userInfo = Encoding.UTF8.GetBytes(ProviderDocuments.User);
    private byte[] _jwks = [];
    private readonly byte[] _discovery = Encoding.UTF8.GetBytes(ProviderDocuments.Discovery);

    public string TokenResponse
    {
        set => _token = Encoding.UTF8.GetBytes(value);
    }

    public string UserInfo
    {
        set => _userInfo = Encoding.UTF8.GetBytes(value);
    }

    public string Jwks
    {
        set => _jwks = Encoding.UTF8.GetBytes(value);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = path.EndsWith("/token", StringComparison.Ordinal) ? _token
            : path.EndsWith("/jwks.json", StringComparison.Ordinal) ? _jwks
            : path.EndsWith("/openid-configuration", StringComparison.Ordinal) ? _discovery
            : _userInfo;
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
