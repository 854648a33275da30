using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests;

/// <summary>
/// One Cognito sign-in scheme serving two tenants, each with its own user pool in one emulator, through real HTTP: each
/// tenant signs in, refreshes and signs out at its own pool; the tenant of the challenge is bound to the callback and to
/// the cookie; a tenant added while the app runs signs in at once; a resolver that fails never makes a 500.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TenantSignInTests : IAsyncLifetime
{
    private readonly DictionaryTenantResolver _resolver = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private CognitoEmulator _emulator = null!;
    private CognitoEmulatorUserPool _poolB = null!;
    private TenantsApp _app = null!;

    private CognitoEmulatorUserPool PoolA => _emulator.UserPools[0];

    public async ValueTask InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync(
            options => options.Users.Add(new CognitoEmulatorUser { Username = "alice", Password = "alice-Passw0rd!", Email = "alice@a.example" }),
            TestContext.Current.CancellationToken);
        var poolB = new CognitoEmulatorOptions { UserPoolId = "us-east-1_TenantB" };
        poolB.Users.Add(new CognitoEmulatorUser { Username = "bob", Password = "bob-Passw0rd!", Email = "bob@b.example" });
        _poolB = await _emulator.AddUserPoolAsync(poolB, TestContext.Current.CancellationToken);
        _app = await TenantsApp.StartAsync(_resolver, options => options.RefreshSavedTokens = true, _time);
        Register("a", PoolA);
        Register("b", _poolB);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Two_tenants_sign_in_side_by_side_each_at_its_own_pool()
    {
        var alice = await SignInAsync("a", PoolA, "alice", "alice-Passw0rd!");
        var bob = await SignInAsync("b", _poolB, "bob", "bob-Passw0rd!");

        var aliceClaims = await ClaimsAsync(alice, "a");
        var bobClaims = await ClaimsAsync(bob, "b");
        Assert.Contains(aliceClaims, claim => claim.Type == CognitoClaimTypes.Tenant && claim.Value == "a");
        Assert.Contains(aliceClaims, claim => claim.Type == CognitoClaimTypes.UserPool && claim.Value == PoolA.Issuer);
        Assert.Contains(aliceClaims, claim => claim.Type == "cognito:username" && claim.Value == "alice");
        Assert.Contains(bobClaims, claim => claim.Type == CognitoClaimTypes.Tenant && claim.Value == "b");
        Assert.Contains(bobClaims, claim => claim.Type == CognitoClaimTypes.UserPool && claim.Value == _poolB.Issuer);
        Assert.Equal(1, PoolA.TokenRequests);
        Assert.Equal(1, _poolB.TokenRequests);

        // One lookup per tenant, however many requests: the answers are kept.
        Assert.Equal(2, _resolver.Lookups);
    }

    [Fact]
    public async Task The_state_of_tenant_A_replayed_at_tenant_Bs_callback_is_refused_before_the_code_goes_anywhere()
    {
        await SignInAsync("a", PoolA, "alice", "alice-Passw0rd!");
        var (callback, cookies) = Assert.Single(_app.Callbacks);

        // The attacker's own browser holds the correlation cookie: it is sent along, so only the tenant check can refuse.
        using var replay = new HttpRequestMessage(HttpMethod.Get, _app.Url + callback.Replace("/t/a/", "/t/b/", StringComparison.Ordinal));
        replay.Headers.Add("Cookie", cookies);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        using var response = await http.SendAsync(replay, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(_app.Logs.Lines, line => line.EventId.Name == "CallbackForOtherTenant");
        Assert.Equal(0, _poolB.TokenRequests);
    }

    [Fact]
    public async Task Tenant_As_cookie_is_not_signed_in_at_tenant_B()
    {
        var browser = await SignInAsync("a", PoolA, "alice", "alice-Passw0rd!");

        using var own = await GetAsync(browser, _app.TenantUrl("a", "/me"));
        using var other = await GetAsync(browser, _app.TenantUrl("b", "/me"));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        Assert.Contains(_app.Logs.Lines, line => line.EventId.Name == "CookieOfOtherTenant");
    }

    [Fact]
    public async Task A_tenant_added_while_the_app_runs_signs_in_without_a_restart()
    {
        var options = new CognitoEmulatorOptions { UserPoolId = "us-east-1_TenantC" };
        options.Users.Add(new CognitoEmulatorUser { Username = "carol", Password = "carol-Passw0rd!", Email = "carol@c.example" });
        var poolC = await _emulator.AddUserPoolAsync(options, TestContext.Current.CancellationToken);
        using var before = await GetAsync(new CookieContainer(), _app.TenantUrl("c", "/challenge"));

        Register("c", poolC);
        var carol = await SignInAsync("c", poolC, "carol", "carol-Passw0rd!");

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Contains(await ClaimsAsync(carol, "c"), claim => claim.Type == CognitoClaimTypes.Tenant && claim.Value == "c");
    }

    [Fact]
    public async Task A_session_refreshes_at_its_own_tenants_pool()
    {
        var bob = await SignInAsync("b", _poolB, "bob", "bob-Passw0rd!");
        var before = await TokenAsync(bob, "b");
        _time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1));

        // The cookie's validation refreshes the due tokens (at the tenant's pool) before the page reads them.
        var after = await TokenAsync(bob, "b");

        Assert.NotNull(before.Token);
        Assert.NotNull(after.Token);
        Assert.NotEqual(before.Token, after.Token);
        Assert.Equal(1, _poolB.RefreshRequests);
        Assert.Equal(0, PoolA.RefreshRequests);
        Assert.Contains(await ClaimsAsync(bob, "b"), claim => claim.Type == CognitoClaimTypes.Tenant && claim.Value == "b");
    }

    [Fact]
    public async Task Sign_out_goes_to_the_tenants_own_logout_endpoint()
    {
        var bob = await SignInAsync("b", _poolB, "bob", "bob-Passw0rd!");

        using var response = await GetAsync(bob, _app.TenantUrl("b", "/signout"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(_poolB.Domain + "/logout?client_id=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(_app.TenantUrl("b", "/signed-out")), response.Headers.Location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_reports_the_tenants_pools_seen_without_probing_them()
    {
        var empty = await HealthAsync();
        await SignInAsync("a", PoolA, "alice", "alice-Passw0rd!");
        await SignInAsync("b", _poolB, "bob", "bob-Passw0rd!");
        var jwksRequests = PoolA.JwksRequests + _poolB.JwksRequests;

        var seen = await HealthAsync();

        Assert.Equal(HealthStatus.Healthy, empty.Status);
        Assert.Equal(0, empty.Data["pools"]);
        Assert.Equal(HealthStatus.Healthy, seen.Status);
        Assert.Equal(2, seen.Data["pools"]);
        Assert.Equal(jwksRequests, PoolA.JwksRequests + _poolB.JwksRequests);
    }

    [Fact]
    public async Task A_request_of_no_known_tenant_is_answered_404_at_the_challenge()
    {
        using var response = await GetAsync(new CookieContainer(), _app.TenantUrl("nobody", "/challenge"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_resolver_that_throws_is_answered_503_and_logged_without_the_tenants_secret()
    {
        _resolver.Behaviour = _ => throw new InvalidOperationException("the tenants database is down");

        using var response = await GetAsync(new CookieContainer(), _app.TenantUrl("a", "/challenge"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var logged = Assert.Single(_app.Logs.Lines, line => line.EventId.Name == "ResolverFailed");
        Assert.Contains("the tenants database is down", logged.Exception, StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Logs.Lines, line => (line.Message + line.Exception).Contains(CognitoEmulatorOptions.DefaultClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resolver_slower_than_its_timeout_is_answered_503()
    {
        await using var app = await TenantsApp.StartAsync(_resolver, options => options.TenantResolverTimeout = TimeSpan.FromMilliseconds(200));
        _resolver.Behaviour = _ => Task.Delay(Timeout.Infinite, TestContext.Current.CancellationToken);

        using var response = await GetAsync(new CookieContainer(), app.TenantUrl("a", "/challenge"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(app.Logs.Lines, line => line.EventId.Name == "ResolverTimedOut");
    }

    [Fact]
    public async Task A_tenant_whose_settings_are_wrong_is_answered_503_with_the_option_named_in_the_log()
    {
        _resolver.Tenants["broken"] = new CognitoTenant { Id = "broken", Domain = "not a domain", ClientId = "client" };

        using var response = await GetAsync(new CookieContainer(), _app.TenantUrl("broken", "/challenge"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var logged = Assert.Single(_app.Logs.Lines, line => line.EventId.Name == "TenantSettingsRefused");
        Assert.Contains("Domain", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheme_that_sets_its_own_pool_beside_a_tenant_resolver_fails_at_start_naming_the_option()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TenantsApp.StartAsync(_resolver, options => options.Domain = "https://auth.example.com"));

        Assert.Contains("Domain cannot be set with TenantResolver", failure.Message, StringComparison.Ordinal);
    }

    private async Task<HealthReportEntry> HealthAsync() =>
        (await _app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken)).Entries["cognito:" + CognitoDefaults.AuthenticationScheme];

    private void Register(string tenant, CognitoEmulatorUserPool pool)
    {
        pool.RegisterCallbackUrl(_app.TenantUrl(tenant, "/signin-cognito"));
        pool.RegisterSignOutUrl(_app.TenantUrl(tenant, "/signed-out"));
        _resolver.Tenants[tenant] = pool.AsTenant(tenant);
    }

    private async Task<CookieContainer> SignInAsync(string tenant, CognitoEmulatorUserPool pool, string username, string password)
    {
        var cookies = new CookieContainer();
        using var response = await pool.SignInAsync(_app.TenantUrl(tenant, "/challenge"), username, password, cookies, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return cookies;
    }

    private static async Task<HttpResponseMessage> GetAsync(CookieContainer cookies, string url)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies });
        var response = await http.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{url} answered {(int)response.StatusCode}");
        return response;
    }

    private async Task<IReadOnlyList<ClaimRecord>> ClaimsAsync(CookieContainer cookies, string tenant)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies });
        return (await http.GetFromJsonAsync<IReadOnlyList<ClaimRecord>>(_app.TenantUrl(tenant, "/me"), TestContext.Current.CancellationToken))!;
    }

    private async Task<TokenPage> TokenAsync(CookieContainer cookies, string tenant)
    {
        using var page = await GetAsync(cookies, _app.TenantUrl(tenant, "/token"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (await page.Content.ReadFromJsonAsync<TokenPage>(TestContext.Current.CancellationToken))!;
    }

    private sealed record TokenPage(string Status, string? Token);
}
