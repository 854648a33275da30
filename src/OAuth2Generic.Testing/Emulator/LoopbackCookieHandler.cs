using System.Net;
using System.Text.RegularExpressions;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// A cookie jar that behaves like a browser on loopback: browsers treat <c>http://127.0.0.1</c> and
/// <c>http://localhost</c> as secure contexts and send <c>Secure</c> cookies there, and ASP.NET Core's correlation
/// and nonce cookies are always <c>Secure</c>. <see cref="CookieContainer"/> alone would drop them over http, and every
/// sign-in would end in "Correlation failed".
/// </summary>
internal sealed partial class LoopbackCookieHandler(CookieContainer cookies) : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var header = cookies.GetCookieHeader(uri);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                cookies.SetCookies(uri, uri.IsLoopback ? SecureAttribute().Replace(setCookie, "") : setCookie);
            }
        }

        return response;
    }

    [GeneratedRegex(@";\s*secure\s*(?=;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecureAttribute();
}
