using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// An app on an in-memory test server with cookie sign-in and one remote scheme, <c>idp</c>: the same pipeline for
/// every handler compared. It can start a sign-in, and replay one prepared callback as often as a benchmark asks
/// (the state and correlation cookie are checked without server-side memory, so a callback can be replayed).
/// </summary>
internal sealed class SignInHost : IAsyncDisposable
{
    public const string Scheme = "idp";

    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private string? _callbackUrl;
    private string? _cookies;
    private string? _session;

    private SignInHost(WebApplication app)
    {
        _app = app;
        _client = app.GetTestServer().CreateClient();
    }

    public static async Task<SignInHost> StartAsync(Action<AuthenticationBuilder> addScheme)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer(options => options.BaseAddress = new Uri("https://app.example/"));
        builder.Logging.ClearProviders();
        addScheme(builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie());

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [Scheme]));
        app.MapGet("/me", (HttpContext context) => context.User.Identity?.IsAuthenticated == true ? Results.Ok() : Results.Unauthorized());
        await app.StartAsync();
        return new SignInHost(app);
    }

    /// <summary>Starts a sign-in and returns the status (302) of the redirect to the provider.</summary>
    public async Task<HttpStatusCode> ChallengeAsync()
    {
        using var response = await _client.GetAsync("/login");
        return response.StatusCode;
    }

    /// <summary>
    /// Starts one sign-in and keeps what its callback needs: the provider would send the browser back with a code and
    /// the state, carrying the correlation (and, for OpenID Connect, nonce) cookies. Returns the authorize URL.
    /// </summary>
    public async Task<Uri> PrepareCallbackAsync(string code = "benchmark-code")
    {
        using var response = await _client.GetAsync("/login");
        var authorizeUrl = response.Headers.Location!;
        var parameters = QueryHelpers.ParseQuery(authorizeUrl.Query);
        var redirectUri = new Uri(parameters["redirect_uri"].ToString());
        _callbackUrl = QueryHelpers.AddQueryString(redirectUri.AbsolutePath, new Dictionary<string, string?>
        {
            ["code"] = code,
            ["state"] = parameters["state"].ToString(),
        });
        _cookies = CookiePairs(response);
        return authorizeUrl;
    }

    /// <summary>Sends the prepared callback; a successful sign-in answers 302 with the authentication cookie.</summary>
    public async Task<HttpStatusCode> CallbackAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _callbackUrl);
        request.Headers.Add("Cookie", _cookies);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>
    /// One whole sign-in, as a browser makes it: the challenge, the callback with the provider's code and the state
    /// (carrying the correlation cookie), then one request with the authentication cookie. Returns that request's
    /// status: 200 when the user is signed in.
    /// </summary>
    public async Task<HttpStatusCode> SignInAsync()
    {
        using var authenticated = new HttpRequestMessage(HttpMethod.Get, "/me");
        authenticated.Headers.Add("Cookie", await SignInCookiesAsync());
        using var response = await _client.SendAsync(authenticated);
        return response.StatusCode;
    }

    /// <summary>
    /// Signs in once and keeps the authentication cookie for <see cref="MeAsync"/>; checks that a request with it is
    /// signed in and renews nothing (no <c>Set-Cookie</c>: no refresh, no sliding renewal), so that a benchmark of it
    /// measures the cookie's validation alone.
    /// </summary>
    public async Task KeepSessionAsync()
    {
        _session = await SignInCookiesAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("Cookie", _session);
        using var response = await _client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK || response.Headers.Contains("Set-Cookie"))
        {
            throw new InvalidOperationException(
                $"A request with the kept session was not signed in, or renewed its cookie: {(int)response.StatusCode}.");
        }
    }

    /// <summary>One request to <c>/me</c> with the cookie of <see cref="KeepSessionAsync"/>: 200 when signed in.</summary>
    public async Task<HttpStatusCode> MeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("Cookie", _session);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    // The challenge and the callback of one sign-in; the authentication cookie's name=value pairs.
    private async Task<string> SignInCookiesAsync()
    {
        string callbackUrl;
        string correlation;
        using (var challenge = await _client.GetAsync("/login"))
        {
            var parameters = QueryHelpers.ParseQuery(challenge.Headers.Location!.Query);
            callbackUrl = new Uri(parameters["redirect_uri"].ToString()).AbsolutePath + "?code=benchmark-code&state=" + Uri.EscapeDataString(parameters["state"].ToString());
            correlation = CookiePairs(challenge);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, callbackUrl);
        request.Headers.Add("Cookie", correlation);
        using var callback = await _client.SendAsync(request);
        return CookiePairs(callback);
    }

    /// <summary>Checks that the prepared callback signs the user in; a benchmark of a failing sign-in measures nothing.</summary>
    public async Task EnsureCallbackSignsInAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _callbackUrl);
        request.Headers.Add("Cookie", _cookies);
        using var response = await _client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Redirect
            || !response.Headers.GetValues("Set-Cookie").Any(cookie => cookie.StartsWith(".AspNetCore.Cookies=", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                $"The callback did not sign the user in: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    // The name=value pairs of the cookies a response sets, as a browser sends them back.
    private static string CookiePairs(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(cookie => cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]));

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
