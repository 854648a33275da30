using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace OAuth2Generic.Tests;

/// <summary>
/// One browser against the test app: keeps its cookies between requests and never follows redirects, so each hop of
/// a sign-in can be looked at.
/// </summary>
internal sealed class BrowserSession(HttpClient client, Dictionary<string, string>? cookies = null)
{
    private readonly Dictionary<string, string> _cookies = cookies ?? new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    /// <summary>Headers sent with every request, as a reverse proxy in front of the app adds them.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Changes a cookie's value, as a user (or another tab, or a proxy) may.</summary>
    public void SetCookie(string name, string value) => _cookies[name] = value;

    /// <summary>The same browser (the same cookies) talking to another server, as behind a load balancer.</summary>
    public BrowserSession On(HttpClient otherServer) => new(otherServer, _cookies);

    public async Task<HttpResponseMessage> GetAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in Headers)
        {
            request.Headers.Add(name, value);
        }

        if (_cookies.Count > 0)
        {
            request.Headers.Add(HeaderNames.Cookie, string.Join("; ", _cookies.Select(cookie => $"{cookie.Key}={cookie.Value}")));
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        if (response.Headers.TryGetValues(HeaderNames.SetCookie, out var setCookies))
        {
            foreach (var cookie in SetCookieHeaderValue.ParseList(setCookies.ToList()))
            {
                if (cookie.Expires < DateTimeOffset.UtcNow)
                {
                    _cookies.Remove(cookie.Name.ToString());
                }
                else
                {
                    _cookies[cookie.Name.ToString()] = cookie.Value.ToString();
                }
            }
        }

        return response;
    }

    /// <summary>Starts a sign-in and returns the authorize URL the app redirected to.</summary>
    public async Task<Uri> ChallengeAsync(string scheme, string query = "")
    {
        using var response = await GetAsync($"/challenge/{scheme}{query}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>
    /// Plays the provider's part after a challenge: sends the browser back to the redirect_uri's path with a code and
    /// the state (or whatever parameters the test gives).
    /// </summary>
    public Task<HttpResponseMessage> CallbackAsync(Uri authorizeUrl, string callbackQuery)
    {
        var redirectUri = new Uri(Parameters(authorizeUrl)["redirect_uri"]);
        return GetAsync(redirectUri.AbsolutePath + callbackQuery);
    }

    /// <summary>The provider's answer to an authorize request: the given parameters, plus its state.</summary>
    public Task<HttpResponseMessage> CallbackWithStateAsync(Uri authorizeUrl, string parameters) =>
        CallbackAsync(authorizeUrl, $"?{parameters}&state={Uri.EscapeDataString(Parameters(authorizeUrl)["state"])}");

    /// <summary>Challenge, then the provider's answer with the given parameters and the state.</summary>
    public async Task<HttpResponseMessage> ReturnFromProviderAsync(string scheme, string parameters) =>
        await CallbackWithStateAsync(await ChallengeAsync(scheme), parameters);

    /// <summary>Challenge, then callback with a code and the state from the authorize URL.</summary>
    public async Task<(Uri AuthorizeUrl, HttpResponseMessage Callback)> SignInAsync(string scheme, string code = "the-code", string challengeQuery = "")
    {
        var authorizeUrl = await ChallengeAsync(scheme, challengeQuery);
        var callback = await CallbackWithStateAsync(authorizeUrl, $"code={Uri.EscapeDataString(code)}");
        return (authorizeUrl, callback);
    }

    /// <summary>The signed-in user's claims, or null when the app says nobody is signed in.</summary>
    public async Task<IReadOnlyList<ClaimRecord>?> ClaimsAsync()
    {
        using var response = await GetAsync("/me");
        return response.StatusCode == HttpStatusCode.Unauthorized
            ? null
            : await response.Content.ReadFromJsonAsync<List<ClaimRecord>>(TestContext.Current.CancellationToken);
    }

    public static Dictionary<string, string> Parameters(Uri url) =>
        QueryHelpers.ParseQuery(url.Query).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
}
