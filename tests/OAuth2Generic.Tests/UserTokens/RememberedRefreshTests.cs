using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Testing;
using OAuth2Generic.Tests.Emulator;
using StackExchange.Redis;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// A refresh's result is remembered so that requests still carrying the cookie from before the refresh take the new
/// tokens instead of redeeming the refresh token again. A copy of that old cookie (stolen, or left in another tab) must
/// not outlive the session: the result is kept only for <c>RefreshResultLifetime</c>, and is
/// forgotten when the user signs out, on this server and, through the shared cache, on the others.
/// </summary>
public sealed class RememberedRefreshTests
{
    private static readonly TimeSpan UntilDue = TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_cookie_copied_before_a_refresh_is_not_signed_in_after_the_user_signed_out()
    {
        await using var scenario = await RefreshOnValidationTests.SignInAsync();
        var copy = new BrowserSession(scenario.App.Client, new Dictionary<string, string>(scenario.Browser.Cookies));

        scenario.Time.Advance(UntilDue);
        Assert.Equal("Valid", (await scenario.TokenAsync()).Status);
        using var signedOut = await scenario.Browser.GetAsync("/logout");
        scenario.Emulator.GlobalSignOut("alice");
        using var stolen = await copy.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stolen.StatusCode);
        Assert.Equal(2, scenario.Emulator.RefreshRequests);
    }

    [Fact]
    public async Task A_sign_out_in_a_request_that_never_validated_the_cookie_forgets_the_result_too()
    {
        await using var scenario = await RefreshOnValidationTests.SignInAsync();
        var copy = new BrowserSession(scenario.App.Client, new Dictionary<string, string>(scenario.Browser.Cookies));

        scenario.Time.Advance(UntilDue);
        Assert.Equal("Valid", (await scenario.TokenAsync()).Status);
        using var signedOut = await scenario.Browser.GetAsync("/logout-unvalidated");
        scenario.Emulator.GlobalSignOut("alice");
        using var stolen = await copy.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stolen.StatusCode);
    }

    [Fact]
    public async Task A_cookie_copied_before_a_refresh_gets_no_tokens_once_the_result_lifetime_has_passed()
    {
        await using var scenario = await RefreshOnValidationTests.SignInAsync();
        var copy = new BrowserSession(scenario.App.Client, new Dictionary<string, string>(scenario.Browser.Cookies));

        scenario.Time.Advance(UntilDue);
        var refreshed = await scenario.TokenAsync();
        scenario.Emulator.GlobalSignOut("alice");
        scenario.Time.Advance(TimeSpan.FromMinutes(5));
        using var stolen = await copy.GetAsync("/token");
        var page = await stolen.Content.ReadFromJsonAsync<RefreshApp.TokenPage>(TestContext.Current.CancellationToken);

        // The cookie's validation redeemed the copy's own refresh token, which the provider refused: signed out.
        Assert.Equal("SessionEnded", page!.Status);
        Assert.Null(page.AccessToken);
        Assert.Equal(2, scenario.Emulator.RefreshRequests);
        Assert.DoesNotContain(refreshed.AccessToken!, await stolen.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Within_the_result_lifetime_a_request_with_the_old_cookie_takes_the_remembered_tokens()
    {
        await using var scenario = await RefreshOnValidationTests.SignInAsync(client: client => client.RefreshTokenRotation = true);
        var copy = new BrowserSession(scenario.App.Client, new Dictionary<string, string>(scenario.Browser.Cookies));

        scenario.Time.Advance(UntilDue);
        var refreshed = await scenario.TokenAsync();
        scenario.Time.Advance(TimeSpan.FromSeconds(30));
        using var late = await copy.GetAsync("/token");
        var page = await late.Content.ReadFromJsonAsync<RefreshApp.TokenPage>(TestContext.Current.CancellationToken);

        // With rotation and no grace period, a second redemption would be refused and end the session.
        Assert.Equal(refreshed.AccessToken, page!.AccessToken);
        Assert.Equal(1, scenario.Emulator.RefreshRequests);
    }

    [Fact]
    public async Task With_two_servers_a_cookie_copied_before_a_refresh_on_one_is_not_signed_in_after_a_sign_out_on_the_other()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options =>
        {
            options.TimeProvider = time;
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "two-servers", ClientSecret = "two-servers-secret" });
        });
        var keyRing = "DataProtection-Keys-" + Guid.NewGuid().ToString("N");
        await using var serverA = await RefreshApp.StartOnRedisAsync(emulator, "two-servers", time, redis, connection, keyRing);
        await using var serverB = await RefreshApp.StartOnRedisAsync(emulator, "two-servers", time, redis, connection, keyRing);
        var cookies = new CookieContainer();
        using var signedIn = await emulator.SignInAsync(serverA.Url + "challenge/Cognito", "alice", "Alice-Pa55", cookies, TestContext.Current.CancellationToken);
        var onA = new BrowserSession(serverA.Client, cookies.GetCookies(new Uri(serverA.Url)).ToDictionary(cookie => cookie.Name, cookie => cookie.Value));
        var copy = new BrowserSession(serverA.Client, new Dictionary<string, string>(onA.Cookies));

        time.Advance(UntilDue);
        using var refreshed = await onA.GetAsync("/me");
        using var signedOut = await onA.On(serverB.Client).GetAsync("/logout");
        emulator.GlobalSignOut("alice");
        using var stolen = await copy.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stolen.StatusCode);
    }
}
