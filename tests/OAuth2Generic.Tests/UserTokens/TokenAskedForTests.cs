using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// The token asked for by code (<c>GetUserAccessTokenAsync</c>) when the cookie's validation did not refresh it (a cookie
/// whose events come from the services): a caller that gives up stops waiting while the refresh it started goes on for
/// the session's other requests (and its result is kept while no request has saved it); a response that has started is
/// not refreshed for; a token asked for from within the request's own authentication fails at once instead of waiting
/// for itself.
/// </summary>
public sealed class TokenAskedForTests
{
    private const string RefreshedAccessToken = "the-refreshed-access-token-9a7d";

    [Fact]
    public async Task A_caller_that_gives_up_stops_waiting_and_the_refresh_goes_on_for_the_sessions_next_request()
    {
        var (app, provider, time, browser) = await SignInAsync(refreshDelay: TimeSpan.FromSeconds(2));
        await using var disposeApp = app;
        using var disposeProvider = provider;

        time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1));

        // The caller gives up after 500 ms: after the refresh began (the count below says it did), before its 2 s answer.
        using var gaveUp = await browser.GetAsync("/token-wait?ms=500");
        var refreshesStarted = app.Logs.Lines.Count(line => line.Message.StartsWith("Refreshing the saved tokens of a session", StringComparison.Ordinal));
        using var next = await browser.GetAsync("/token-wait?ms=30000");
        var page = await next.Content.ReadFromJsonAsync<RefreshApp.TokenPage>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestTimeout, gaveUp.StatusCode);
        Assert.Equal(1, refreshesStarted);
        Assert.Equal(RefreshedAccessToken, page!.AccessToken);
        Assert.Equal(1, RefreshRequests(provider));
    }

    [Fact]
    public async Task A_result_that_no_request_saved_is_kept_while_its_access_token_lives_not_only_RefreshResultLifetime()
    {
        var (app, provider, time, browser) = await SignInAsync(refreshDelay: TimeSpan.FromSeconds(2));
        await using var disposeApp = app;
        using var disposeProvider = provider;

        time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1));
        using var gaveUp = await browser.GetAsync("/token-wait?ms=500");
        for (var waited = 0; !app.Logs.Lines.Any(line => line.Message.StartsWith("Kept the result of a refresh", StringComparison.Ordinal)) && waited < 200; waited++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        // Only the kept result holds the new tokens (a rotated refresh token would be nowhere else).
        time.Advance(TimeSpan.FromMinutes(5));
        using var later = await browser.GetAsync("/token-wait?ms=30000");
        var page = await later.Content.ReadFromJsonAsync<RefreshApp.TokenPage>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestTimeout, gaveUp.StatusCode);
        Assert.Equal(RefreshedAccessToken, page!.AccessToken);
        Assert.Equal(1, RefreshRequests(provider));
    }

    [Fact]
    public async Task After_the_response_has_started_a_due_token_is_not_refreshed_since_the_new_tokens_could_not_be_saved()
    {
        var (app, provider, time, browser) = await SignInAsync(refreshDelay: null);
        await using var disposeApp = app;
        using var disposeProvider = provider;

        time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1));
        using var page = await browser.GetAsync("/token-after-start");

        Assert.Equal("started Valid", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, RefreshRequests(provider));
    }

    [Fact]
    public async Task A_token_asked_for_from_within_the_requests_own_authentication_fails_at_once_instead_of_waiting_for_itself()
    {
        var (app, provider, _, browser) = await SignInAsync(refreshDelay: null, services: services => services.AddSingleton<IClaimsTransformation, TokenInTransformation>());
        await using var disposeApp = app;
        using var disposeProvider = provider;
        browser.Headers["X-Token-In-Transformation"] = "yes";

        using var page = await browser.GetAsync("/token");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("refused", Assert.Single(page.Headers.GetValues("X-Reentry")));
    }

    private static async Task<(RefreshApp App, FakeProvider Provider, FakeTimeProvider Time, BrowserSession Browser)> SignInAsync(
        TimeSpan? refreshDelay, Action<IServiceCollection>? services = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = new FakeProvider();
        provider.Respond(
            Request.Create().WithPath("/oauth/token").UsingPost().WithBody((string? form) => form?.Contains("grant_type=authorization_code", StringComparison.Ordinal) == true),
            200,
            FakeProvider.TokenBody(),
            "application/json");
        provider.Respond(
            Request.Create().WithPath("/oauth/token").UsingPost().WithBody((string? form) => form?.Contains("grant_type=refresh_token", StringComparison.Ordinal) == true),
            200,
            FakeProvider.TokenBody(RefreshedAccessToken),
            "application/json",
            delay: refreshDelay);
        provider.Respond(Request.Create().WithPath(FakeProvider.UserInfoPath).UsingAnyMethod(), 200, FakeProvider.UserJson, "application/json");
        var app = await RefreshApp.StartAsync(
            auth => auth.AddOAuth2Generic(options =>
            {
                provider.Configure(options);
                options.SaveTokens = true;
                options.RefreshSavedTokens = true;
            }),
            time,
            services: collection =>
            {
                collection.AddDataProtection().UseEphemeralDataProtectionProvider();
                collection.AddSingleton<CookieAuthenticationEvents>();
                services?.Invoke(collection);
            },
            // Events from the services: no refresh at the cookie's validation, so that the page's own call refreshes.
            cookie: options => options.EventsType = typeof(CookieAuthenticationEvents));
        var browser = new BrowserSession(app.Client);
        await browser.SignInAsync(OAuth2GenericDefaults.AuthenticationScheme);
        return (app, provider, time, browser);
    }

    private static int RefreshRequests(FakeProvider provider) =>
        provider.RequestsTo("/oauth/token").Count(entry => entry.RequestMessage?.Body?.Contains("grant_type=refresh_token", StringComparison.Ordinal) == true);

    /// <summary>
    /// An application's claims transformation that asks for the user's token: it runs on every authentication, also the
    /// one <c>GetUserAccessTokenAsync</c> makes, where the token is being read.
    /// </summary>
    private sealed class TokenInTransformation : IClaimsTransformation
    {
        public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            var context = principal.Identity?.IsAuthenticated == true ? Accessor.HttpContext : null;
            if (context?.Request.Headers.ContainsKey("X-Token-In-Transformation") == true)
            {
                try
                {
                    await context.GetUserAccessTokenAsync();
                }
                catch (InvalidOperationException)
                {
                    context.Response.Headers["X-Reentry"] = "refused";
                }
            }

            return principal;
        }

        private static HttpContextAccessor Accessor { get; } = new();
    }
}
