using System.Net;
using System.Text.RegularExpressions;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// Plays a browser through one sign-in: follows redirects between the app and the emulator with one cookie jar, and
/// fills in the login form when the emulator shows it.
/// </summary>
internal sealed partial class SignInDriver(Uri emulator, CookieContainer cookies)
{
    private const int MaxRedirects = 20;

    public async Task<HttpResponseMessage> SignInAsync(Uri startUrl, string username, string password, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new LoopbackCookieHandler(cookies));
        var response = await FollowAsync(client, new HttpRequestMessage(HttpMethod.Get, startUrl), cancellationToken).ConfigureAwait(false);
        if (!IsLoginForm(response))
        {
            // A hosted-UI session signed the user in without the form; the app's page is the answer.
            return await FromAppAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var html = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_csrf"] = Attribute(CsrfField(), html, "the _csrf field"),
            ["username"] = username,
            ["password"] = password,
        });
        var action = new Uri(response.RequestMessage!.RequestUri!, WebUtility.HtmlDecode(Attribute(FormAction(), html, "the form's action")));
        response.Dispose();
        response = await FollowAsync(client, new HttpRequestMessage(HttpMethod.Post, action) { Content = form }, cancellationToken).ConfigureAwait(false);
        if (IsLoginForm(response))
        {
            var page = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var error = LoginError().Match(page) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : "the login form came back";
            response.Dispose();
            throw new InvalidOperationException($"The emulator's login form refused the user '{username}': {error}");
        }

        return await FromAppAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The app's page, or an exception when the redirects ended at the emulator instead (its error page for an
    /// unregistered callback URL, say), so that a test fails with the emulator's reason rather than its HTML.
    /// </summary>
    private async Task<HttpResponseMessage> FromAppAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var uri = response.RequestMessage?.RequestUri;
        if (uri is null || uri.Authority != emulator.Authority)
        {
            return response;
        }

        var page = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var error = ErrorCode().Match(page) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : $"HTTP {(int)response.StatusCode}";
        var description = ErrorDescription().Match(page) is { Success: true } found ? $" ({WebUtility.HtmlDecode(found.Groups[1].Value)})" : "";
        response.Dispose();
        throw new InvalidOperationException($"The sign-in stopped at the emulator's {uri.AbsolutePath} page: {error}{description}.");
    }

    private static async Task<HttpResponseMessage> FollowAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            if (!request.RequestUri!.IsLoopback)
            {
                throw new InvalidOperationException($"The sign-in left the loopback host for '{request.RequestUri.GetLeftPart(UriPartial.Path)}'.");
            }

            var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var location = response.Headers.Location;
            if ((int)response.StatusCode is < 300 or > 399 || location is null)
            {
                return response;
            }

            if (redirects == MaxRedirects)
            {
                throw new InvalidOperationException($"The sign-in was redirected more than {MaxRedirects} times.");
            }

            var next = new Uri(request.RequestUri, location);
            response.Dispose();
            request = new HttpRequestMessage(HttpMethod.Get, next);
        }
    }

    private bool IsLoginForm(HttpResponseMessage response)
        => response.RequestMessage?.RequestUri is { } uri && uri.Authority == emulator.Authority && uri.AbsolutePath == emulator.AbsolutePath.TrimEnd('/') + "/login"
            && response.StatusCode == HttpStatusCode.OK;

    private static string Attribute(Regex pattern, string html, string what)
        => pattern.Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"The emulator's login page has no {what}.");

    [GeneratedRegex("""<form method="post" action="([^"]*)">""")]
    private static partial Regex FormAction();

    [GeneratedRegex("""name="_csrf" value="([^"]*)">""")]
    private static partial Regex CsrfField();

    [GeneratedRegex("""id="login-error" role="alert">([^<]*)<""")]
    private static partial Regex LoginError();

    [GeneratedRegex("""id="error">([^<]*)<""")]
    private static partial Regex ErrorCode();

    [GeneratedRegex("""id="error-description">([^<]*)<""")]
    private static partial Regex ErrorDescription();
}
