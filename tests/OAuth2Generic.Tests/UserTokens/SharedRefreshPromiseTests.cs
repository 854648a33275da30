using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// docs/security.md §11, a refresh's result in the distributed cache the servers share: an entry copied under another
/// session's key does not unprotect there, a server without the key ring cannot read an entry and refreshes on its own,
/// and a refused refresh token is refused on every server without a second redemption. Two app servers on Kestrel share
/// one <see cref="IDistributedCache"/>, against a provider played by WireMock.
/// </summary>
public sealed class SharedRefreshPromiseTests : IAsyncDisposable
{
    private static readonly TimeSpan UntilDue = TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1);

    private readonly FakeProvider _provider = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly MemoryDistributedCache _cache = new(Options.Create(new MemoryDistributedCacheOptions()));

    // The cookies' key ring, which both servers have, so that one browser's cookie is good on either.
    private readonly EphemeralDataProtectionProvider _cookieKeys = new();
    private readonly List<RefreshApp> _servers = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _provider.Dispose();
    }

    [Fact]
    public async Task A_shared_result_copied_under_another_sessions_key_does_not_unprotect_there()
    {
        var server = await StartServerAsync(sharedKeyRing: true);
        var ada = await SignInAsync(server, "ada");
        var bob = await SignInAsync(server, "bob");
        _time.Advance(UntilDue);
        Assert.Equal("refreshed-ada", (await TokenAsync(ada)).AccessToken);

        // An attacker with write access to the cache copies ada's entry under the key of bob's coming refresh.
        var adaKey = RefreshRedemptions.Key(OAuth2GenericDefaults.AuthenticationScheme, "refresh-ada", "access-ada");
        var bobKey = RefreshRedemptions.Key(OAuth2GenericDefaults.AuthenticationScheme, "refresh-bob", "access-bob");
        await _cache.SetAsync(bobKey, (await _cache.GetAsync(adaKey, TestContext.Current.CancellationToken))!, TestContext.Current.CancellationToken);
        var bobsToken = await TokenAsync(bob);

        Assert.Equal("refreshed-bob", bobsToken.AccessToken);
        Assert.Single(RefreshRequests("bob"));
        Assert.Contains(server.Logs.Lines, line => line.EventId.Name == "SharedRefreshUnavailable");
    }

    [Fact]
    public async Task A_server_without_the_key_ring_cannot_read_a_shared_result_and_refreshes_on_its_own()
    {
        var serverA = await StartServerAsync(sharedKeyRing: false);
        var serverB = await StartServerAsync(sharedKeyRing: false);
        var onA = await SignInAsync(serverA, "ada");
        var copyOnB = new BrowserSession(serverB.Client, new Dictionary<string, string>(onA.Cookies));
        _time.Advance(UntilDue);

        var fromA = await TokenAsync(onA);
        var fromB = await TokenAsync(copyOnB);

        Assert.Equal("refreshed-ada", fromA.AccessToken);
        Assert.Equal("refreshed-ada", fromB.AccessToken);
        Assert.Equal(2, RefreshRequests("ada").Count);
        Assert.Contains(serverB.Logs.Lines, line => line.EventId.Name == "SharedRefreshUnavailable");
        Assert.DoesNotContain(serverA.Logs.Lines, line => line.EventId.Name == "SharedRefreshUnavailable");
    }

    [Fact]
    public async Task A_refresh_token_refused_on_one_server_ends_the_session_on_the_other_without_a_second_redemption()
    {
        var serverA = await StartServerAsync(sharedKeyRing: true);
        var serverB = await StartServerAsync(sharedKeyRing: true);
        var onA = await SignInAsync(serverA, "ada", refused: true);
        var copyOnB = new BrowserSession(serverB.Client, new Dictionary<string, string>(onA.Cookies));
        _time.Advance(UntilDue);

        using var pageOnA = await onA.GetAsync("/me");
        using var pageOnB = await copyOnB.GetAsync("/me");

        Assert.Equal(HttpStatusCode.Unauthorized, pageOnA.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, pageOnB.StatusCode);
        Assert.Single(RefreshRequests("ada"));
        var ended = Assert.Single(serverB.Logs.Lines, line => line.EventId.Name == "SessionEndedAtRefresh");
        Assert.Equal(OAuth2GenericFailureReasons.RefreshTokenInvalid, ended["FailureReason"]);
    }

    // A server of the app, sharing the cache; with the other servers' key ring for the cache's entries, or one of its own.
    private async Task<RefreshApp> StartServerAsync(bool sharedKeyRing)
    {
        var server = await RefreshApp.StartAsync(
            auth => auth.AddOAuth2Generic(options =>
            {
                _provider.Configure(options);
                options.SaveTokens = true;
                options.RefreshSavedTokens = true;
            }),
            _time,
            services: services =>
            {
                services.AddDataProtection().UseEphemeralDataProtectionProvider();
                if (sharedKeyRing)
                {
                    services.AddSingleton<IDataProtectionProvider>(_cookieKeys);
                }

                services.AddSingleton<IDistributedCache>(_cache);
            },
            cookie: options => options.DataProtectionProvider = _cookieKeys);
        _servers.Add(server);
        return server;
    }

    // The user signs in on the server with a code of their own, which the provider answers with their own tokens; their
    // refresh token is then answered with "refreshed-{user}", or refused.
    private async Task<BrowserSession> SignInAsync(RefreshApp server, string user, bool refused = false)
    {
        _provider.Respond(
            Request.Create().WithPath("/oauth/token").UsingPost().WithBody((string? form) => form?.Contains($"code=code-{user}&", StringComparison.Ordinal) == true),
            200,
            $$"""{"access_token":"access-{{user}}","token_type":"Bearer","expires_in":3600,"refresh_token":"refresh-{{user}}"}""",
            "application/json");
        _provider.Respond(
            Request.Create().WithPath("/oauth/token").UsingPost().WithBody((string? form) => form?.Contains($"refresh_token=refresh-{user}", StringComparison.Ordinal) == true),
            refused ? 400 : 200,
            refused ? """{"error":"invalid_grant"}""" : $$"""{"access_token":"refreshed-{{user}}","token_type":"Bearer","expires_in":3600}""",
            "application/json");
        _provider.UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);
        var browser = new BrowserSession(server.Client);

        var (_, callback) = await browser.SignInAsync(OAuth2GenericDefaults.AuthenticationScheme, code: $"code-{user}");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return browser;
    }

    private static async Task<RefreshApp.TokenPage> TokenAsync(BrowserSession browser)
    {
        using var page = await browser.GetAsync("/token");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (await page.Content.ReadFromJsonAsync<RefreshApp.TokenPage>(TestContext.Current.CancellationToken))!;
    }

    private List<WireMock.Logging.ILogEntry> RefreshRequests(string user) =>
        [.. _provider.RequestsTo("/oauth/token").Where(entry => entry.RequestMessage?.Body?.Contains($"refresh_token=refresh-{user}", StringComparison.Ordinal) == true)];
}
