using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// <c>GetUserAccessTokenAsync</c> with a cancellation token: the caller that gives up stops waiting, and the refresh it
/// started goes on, apart from it, for the session's other requests, which take its result without a second redemption.
/// </summary>
public sealed class RefreshCancellationTests
{
    private const string RefreshedAccessToken = "the-refreshed-access-token-9a7d";

    [Fact]
    public async Task A_caller_that_gives_up_stops_waiting_and_the_refresh_goes_on_for_the_sessions_next_request()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var provider = new FakeProvider();
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
            delay: TimeSpan.FromSeconds(1));
        provider.Respond(Request.Create().WithPath(FakeProvider.UserInfoPath).UsingAnyMethod(), 200, FakeProvider.UserJson, "application/json");
        await using var app = await RefreshApp.StartAsync(
            auth => auth.AddOAuth2Generic(options =>
            {
                provider.Configure(options);
                options.SaveTokens = true;
                options.RefreshSavedTokens = true;
            }),
            time,
            services: services =>
            {
                services.AddDataProtection().UseEphemeralDataProtectionProvider();
                services.AddSingleton<CookieAuthenticationEvents>();
            },
            // Events from the services: no refresh at the cookie's validation, so that the page's own call refreshes.
            cookie: options => options.EventsType = typeof(CookieAuthenticationEvents));
        var browser = new BrowserSession(app.Client);
        await browser.SignInAsync(OAuth2GenericDefaults.AuthenticationScheme);

        time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1));
        using var gaveUp = await browser.GetAsync("/token-wait?ms=100");
        using var next = await browser.GetAsync("/token-wait?ms=30000");
        var page = await next.Content.ReadFromJsonAsync<RefreshApp.TokenPage>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestTimeout, gaveUp.StatusCode);
        Assert.Equal(RefreshedAccessToken, page!.AccessToken);
        Assert.Single(provider.RequestsTo("/oauth/token"), entry => entry.RequestMessage?.Body?.Contains("grant_type=refresh_token", StringComparison.Ordinal) == true);
    }
}
