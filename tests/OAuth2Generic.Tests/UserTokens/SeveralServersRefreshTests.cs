using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Testing;
using OAuth2Generic.Tests.Emulator;
using StackExchange.Redis;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// Two app servers behind one load balancer, sharing a real Redis (their <c>IDistributedCache</c> and their Data
/// Protection key ring), against an emulated user pool that rotates refresh tokens with no grace period: a second
/// redemption of the same refresh token would be refused and sign the user out. Concurrent requests of one user on both
/// servers make one refresh, and Redis holds the shared result only protected.
/// </summary>
public sealed class SeveralServersRefreshTests
{
    [Fact]
    public async Task Concurrent_requests_on_two_servers_make_one_refresh_with_a_rotating_provider_and_no_one_is_signed_out()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options =>
        {
            options.TimeProvider = time;
            options.Clients.Add(new CognitoEmulatorClient
            {
                ClientId = "several-servers",
                ClientSecret = "several-servers-secret",
                RefreshTokenRotation = true,
                RetryGracePeriod = TimeSpan.Zero,
            });
        });
        var keyRing = "DataProtection-Keys-" + Guid.NewGuid().ToString("N");
        await using var serverA = await RefreshApp.StartOnRedisAsync(emulator, "several-servers", time, redis, connection, keyRing);
        await using var serverB = await RefreshApp.StartOnRedisAsync(emulator, "several-servers", time, redis, connection, keyRing);
        var cookie = await SignInAsync(emulator, serverA);

        time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1));
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => TokenAsync(i % 2 == 0 ? serverA : serverB, cookie)));

        Assert.Equal(1, emulator.RefreshRequests);
        Assert.All(answers, answer => Assert.Equal("Valid", answer.Page.Status));
        var token = Assert.Single(answers.Select(answer => answer.Page.AccessToken).Distinct());

        // Every server renewed the cookie with the rotated refresh token: an hour later the session refreshes again
        // with it, on either server (the old one would be refused, and the user signed out).
        Assert.All(answers, answer => Assert.NotNull(answer.Cookie));
        time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1));
        var (later, _) = await TokenAsync(serverB, answers[0].Cookie!);
        Assert.Equal("Valid", later.Status);
        Assert.NotEqual(token, later.AccessToken);
        Assert.Equal(2, emulator.RefreshRequests);

        var stored = new List<string>();
        await foreach (var key in connection.GetServer(redis.Configuration).KeysAsync(pattern: "*OAuth2Generic.Refresh.*"))
        {
            if (await connection.GetDatabase().HashGetAsync(key, "data") is { HasValue: true } value)
            {
                stored.Add(Encoding.Latin1.GetString((byte[])value!));
            }
        }

        Assert.NotEmpty(stored);
        Assert.All(stored, entry => Assert.DoesNotContain(token!, entry, StringComparison.Ordinal));
    }

    // Signs alice in on the server and returns the authentication cookie, as the browser sends it to either server.
    private static async Task<string> SignInAsync(CognitoEmulator emulator, RefreshApp server)
    {
        var cookies = new CookieContainer();
        using var signedIn = await emulator.SignInAsync(server.Url + "challenge/Cognito", "alice", "Alice-Pa55", cookies, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        return string.Join("; ", cookies.GetCookies(new Uri(server.Url)).Select(cookie => $"{cookie.Name}={cookie.Value}"));
    }

    // The page, and the authentication cookie the response renewed, if it did.
    private static async Task<(RefreshApp.TokenPage Page, string? Cookie)> TokenAsync(RefreshApp server, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/token");
        request.Headers.Add("Cookie", cookie);
        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renewed = response.Headers.TryGetValues("Set-Cookie", out var setCookies)
            ? setCookies.Select(value => value[..value.IndexOf(';', StringComparison.Ordinal)]).SingleOrDefault(value => value.StartsWith(".AspNetCore.Cookies=", StringComparison.Ordinal))
            : null;
        return ((await response.Content.ReadFromJsonAsync<RefreshApp.TokenPage>(TestContext.Current.CancellationToken))!, renewed);
    }
}
