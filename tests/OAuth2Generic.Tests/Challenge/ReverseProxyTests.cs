using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.Challenge;

/// <summary>
/// The app behind a reverse proxy: the redirect_uri is the public URL, the same in the authorize and the token
/// request, and a path base appears in it once.
/// </summary>
public sealed class ReverseProxyTests : IDisposable
{
    private const string TokenPath = "/oauth/token";

    private readonly FakeProvider _provider = new FakeProvider().Working();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task With_forwarded_headers_the_redirect_uri_is_the_public_https_URL_in_both_requests()
    {
        await using var app = await TestApp.StartAsync(
            auth => auth.AddOAuth2Generic("idp", _provider.Configure),
            configureApp: pipeline => pipeline.UseForwardedHeaders(TrustTheProxy()));
        var browser = app.NewSession();
        browser.Headers["X-Forwarded-Proto"] = "https";
        browser.Headers["X-Forwarded-Host"] = "www.example.com";

        var (authorizeUrl, callback) = await browser.SignInAsync("idp");

        Assert.Equal("https://www.example.com/signin-idp", BrowserSession.Parameters(authorizeUrl)["redirect_uri"]);
        Assert.Equal("https://www.example.com/signin-idp", _provider.SingleRequestTo(TokenPath).Form["redirect_uri"]);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.NotNull(await browser.ClaimsAsync());
    }

    [Fact]
    public async Task Without_forwarded_headers_support_the_redirect_uri_is_the_address_the_app_was_reached_at()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", _provider.Configure));
        var browser = app.NewSession();
        browser.Headers["X-Forwarded-Proto"] = "http";
        browser.Headers["X-Forwarded-Host"] = "evil.example";

        var authorizeUrl = await browser.ChallengeAsync("idp");

        Assert.Equal("https://app.test/signin-idp", BrowserSession.Parameters(authorizeUrl)["redirect_uri"]);
    }

    [Fact]
    public async Task With_RedirectUrl_the_redirect_uri_is_exactly_that_in_both_requests()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            options.RedirectUrl = "https://login.example.com/auth/idp/callback";
            options.CallbackPath = "/signin-idp";
        }));
        var browser = app.NewSession();

        var authorizeUrl = await browser.ChallengeAsync("idp");
        using var callback = await browser.GetAsync($"/signin-idp?code=c&state={Uri.EscapeDataString(BrowserSession.Parameters(authorizeUrl)["state"])}");

        Assert.Equal("https://login.example.com/auth/idp/callback", BrowserSession.Parameters(authorizeUrl)["redirect_uri"]);
        Assert.Equal("https://login.example.com/auth/idp/callback", _provider.SingleRequestTo(TokenPath).Form["redirect_uri"]);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
    }

    [Fact]
    public async Task With_a_path_base_the_redirect_uri_contains_it_once_and_the_callback_completes()
    {
        await using var app = await TestApp.StartAsync(
            auth => auth.AddOAuth2Generic("idp", _provider.Configure),
            configureApp: pipeline => pipeline.UsePathBase("/gitlab"));
        var browser = app.NewSession();

        var authorizeUrl = await ChallengeUnder(browser, "/gitlab");
        using var callback = await browser.CallbackWithStateAsync(authorizeUrl, "code=c");

        Assert.Equal("https://app.test/gitlab/signin-idp", BrowserSession.Parameters(authorizeUrl)["redirect_uri"]);
        Assert.Equal("https://app.test/gitlab/signin-idp", _provider.SingleRequestTo(TokenPath).Form["redirect_uri"]);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.NotNull(await browser.ClaimsAsync());
    }

    private static async Task<Uri> ChallengeUnder(BrowserSession browser, string pathBase)
    {
        using var response = await browser.GetAsync(pathBase + "/challenge/idp");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    // The test server has no remote address to compare with known proxies: trust the headers, as an app behind its
    // own proxy configures KnownProxies or KnownIPNetworks to do.
    private static ForwardedHeadersOptions TrustTheProxy()
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        return options;
    }
}
