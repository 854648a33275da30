using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;
using OAuth2Generic.Tests.Emulator;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// <c>AddCognito</c> with <see cref="OAuth2GenericOptions.RefreshSavedTokens"/> against the emulator, the clocks of both
/// moved past the access token's lead time: the cookie's validation refreshes the tokens once, saves them, renews the
/// cookie, and ends the session when the emulator refuses the refresh token.
/// </summary>
public sealed class RefreshOnValidationTests
{
    private static readonly TimeSpan UntilDue = TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1);

    internal sealed record Scenario(CognitoEmulator Emulator, RefreshApp App, FakeTimeProvider Time, BrowserSession Browser) : IAsyncDisposable
    {
        public async Task<RefreshApp.TokenPage> TokenAsync()
        {
            using var page = await Browser.GetAsync("/token");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            return (await page.Content.ReadFromJsonAsync<RefreshApp.TokenPage>(TestContext.Current.CancellationToken))!;
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Emulator.DisposeAsync();
        }
    }

    internal static async Task<Scenario> SignInAsync(
        Action<CognitoOptions>? configure = null, Action<CognitoEmulatorClient>? client = null, string? apiUrl = null, Action<UserAccessTokenHandlerOptions>? tokenOptions = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var emulator = await EmulatorBrowser.StartEmulatorAsync(options =>
        {
            options.TimeProvider = time;
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "refreshing-client", ClientSecret = "refreshing-client-secret" });
            client?.Invoke(options.Clients[^1]);
        });
        var app = await RefreshApp.StartAsync(
            auth => auth.AddCognito(options =>
            {
                emulator.ConfigureClient(options, "refreshing-client");
                options.SaveTokens = true;
                options.RefreshSavedTokens = true;
                configure?.Invoke(options);
            }),
            time,
            apiUrl,
            tokenOptions);
        emulator.RegisterCallbackUrl(app.Url + "signin-cognito", "refreshing-client");

        var cookies = new CookieContainer();
        using var signedIn = await emulator.SignInAsync(app.Url + "challenge/Cognito", "alice", "Alice-Pa55", cookies, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var browser = new BrowserSession(app.Client, cookies.GetCookies(new Uri(app.Url)).ToDictionary(cookie => cookie.Name, cookie => cookie.Value));
        return new Scenario(emulator, app, time, browser);
    }

    [Fact]
    public async Task A_token_that_is_not_due_is_sent_as_it_is_without_a_refresh()
    {
        await using var scenario = await SignInAsync();

        var token = await scenario.TokenAsync();
        scenario.Time.Advance(TimeSpan.FromMinutes(58));
        var later = await scenario.TokenAsync();

        Assert.Equal("Valid", token.Status);
        Assert.Equal(token.AccessToken, later.AccessToken);
        Assert.Equal(0, scenario.Emulator.RefreshRequests);
    }

    [Fact]
    public async Task Past_the_lead_time_the_cookies_validation_refreshes_saves_the_tokens_and_renews_the_cookie()
    {
        await using var scenario = await SignInAsync();
        var before = await scenario.TokenAsync();

        scenario.Time.Advance(UntilDue);
        using var page = await scenario.Browser.GetAsync("/me");
        var after = await scenario.TokenAsync();
        using var again = await scenario.Browser.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(page.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith(".AspNetCore.Cookies=", StringComparison.Ordinal));
        Assert.NotEqual(before.AccessToken, after.AccessToken);
        Assert.Equal(scenario.Time.GetUtcNow() + TimeSpan.FromHours(1), after.ExpiresAt!.Value, TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, scenario.Emulator.RefreshRequests);
        Assert.Contains(scenario.App.Logs.Lines, line => line.Message.StartsWith("Refreshed the saved tokens of a session of scheme Cognito", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_rotation_the_saved_refresh_token_is_kept_and_refreshes_again_an_hour_later()
    {
        await using var scenario = await SignInAsync();

        scenario.Time.Advance(UntilDue);
        var first = await scenario.TokenAsync();
        scenario.Time.Advance(UntilDue);
        var second = await scenario.TokenAsync();

        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(2, scenario.Emulator.RefreshRequests);
        Assert.Equal(HttpStatusCode.OK, (await scenario.Browser.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task With_rotation_and_no_grace_period_the_rotated_refresh_token_is_saved_and_used_next_time()
    {
        await using var scenario = await SignInAsync(client: client => client.RefreshTokenRotation = true);

        scenario.Time.Advance(UntilDue);
        var first = await scenario.TokenAsync();
        scenario.Time.Advance(UntilDue);
        var second = await scenario.TokenAsync();

        // With the old refresh token saved, the second refresh would be refused and the session would end.
        Assert.Equal("Valid", second.Status);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(2, scenario.Emulator.RefreshRequests);
    }

    [Fact]
    public async Task A_revoked_refresh_token_ends_the_session_with_one_warning_that_names_the_reason_and_no_token()
    {
        await using var scenario = await SignInAsync();
        var token = await scenario.TokenAsync();
        scenario.Emulator.GlobalSignOut("alice");

        scenario.Time.Advance(UntilDue);
        using var page = await scenario.Browser.GetAsync("/me");
        using var next = await scenario.Browser.GetAsync("/challenge/Cognito");

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.DoesNotContain(".AspNetCore.Cookies", scenario.Browser.Cookies.Keys);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        var warning = Assert.Single(scenario.App.Logs.Lines, line => line.Level >= LogLevel.Warning);
        Assert.StartsWith("A session of scheme Cognito ended at the refresh of its tokens (refresh_token_invalid)", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(scenario.App.Logs.Lines, line => line.Message.Contains(token.AccessToken!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fifty_concurrent_requests_of_one_user_whose_token_is_due_make_one_refresh_and_all_get_its_token()
    {
        await using var scenario = await SignInAsync(client: client => client.RefreshTokenRotation = true);
        var cookie = string.Join("; ", scenario.Browser.Cookies.Select(pair => $"{pair.Key}={pair.Value}"));

        scenario.Time.Advance(UntilDue);
        var pages = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/token");
            request.Headers.Add("Cookie", cookie);
            using var response = await scenario.App.Client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<RefreshApp.TokenPage>(TestContext.Current.CancellationToken))!;
        }));

        Assert.Equal(1, scenario.Emulator.RefreshRequests);
        Assert.All(pages, page => Assert.NotNull(page.AccessToken));
        Assert.Single(pages.Select(page => page.AccessToken).Distinct());
    }

    [Fact]
    public async Task The_api_receives_the_refreshed_token_from_an_AddUserAccessToken_client()
    {
        await using var api = await EchoApi.StartAsync();
        await using var scenario = await SignInAsync(apiUrl: api.Url);
        var before = await scenario.TokenAsync();

        scenario.Time.Advance(UntilDue);
        using var call = await scenario.Browser.GetAsync("/call");
        var after = await scenario.TokenAsync();

        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal("Bearer " + after.AccessToken, await call.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotEqual(before.AccessToken, after.AccessToken);
        Assert.Equal(1, scenario.Emulator.RefreshRequests);
    }

    [Fact]
    public async Task An_api_that_refuses_the_token_gets_the_call_once_more_with_a_token_refreshed_once()
    {
        await using var api = await EchoApi.StartAsync();
        await using var scenario = await SignInAsync(apiUrl: api.Url);
        var before = await scenario.TokenAsync();
        api.Refused["Bearer " + before.AccessToken] = true;

        using var call = await scenario.Browser.GetAsync("/call");
        var after = await scenario.TokenAsync();

        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal(["Bearer " + before.AccessToken, "Bearer " + after.AccessToken], api.Received);
        Assert.Equal(1, scenario.Emulator.RefreshRequests);
    }

    [Fact]
    public async Task An_api_that_refuses_every_token_gets_one_refresh_per_RefreshRetryDelay_not_one_per_call()
    {
        await using var api = await EchoApi.StartAsync();
        await using var scenario = await SignInAsync(apiUrl: api.Url);
        var first = await scenario.TokenAsync();
        api.Refused["Bearer " + first.AccessToken] = true;

        using var call = await scenario.Browser.GetAsync("/call");
        var second = await scenario.TokenAsync();
        api.Refused["Bearer " + second.AccessToken] = true;
        using var again = await scenario.Browser.GetAsync("/call");

        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal(1, scenario.Emulator.RefreshRequests);
    }

    [Fact]
    public async Task With_no_user_signed_in_the_client_fails_the_call_and_says_why_or_sends_it_without_a_token_when_asked()
    {
        await using var api = await EchoApi.StartAsync();
        await using var refusing = await SignInAsync(apiUrl: api.Url);
        await using var anonymous = await SignInAsync(apiUrl: api.Url, tokenOptions: options => options.WhenUnavailable = UnavailableUserTokenBehavior.SendWithoutToken);

        using var refused = await refusing.App.Client.GetAsync("/call", TestContext.Current.CancellationToken);
        using var sent = await anonymous.App.Client.GetAsync("/call", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.StartsWith("NotSignedIn: No user is signed in", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal([""], api.Received);
    }
}
