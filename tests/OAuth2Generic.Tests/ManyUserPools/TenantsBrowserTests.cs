using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests;

/// <summary>
/// Two tenants side by side in one app, in a real browser (Playwright and Debian's chromium) against one emulator serving
/// both pools: each tenant's user signs in at its own pool's hosted UI, calls the tenant's API with the user's token,
/// has the token refreshed at its own pool and signs out there; then a tenant added while the app runs signs in.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TenantsBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly DictionaryTenantResolver _resolver = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private CognitoEmulator _emulator = null!;
    private TenantsApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync(
            options => options.Users.Add(new CognitoEmulatorUser { Username = "alice", Password = "alice-Passw0rd!", Email = "alice@a.example" }),
            TestContext.Current.CancellationToken);
        _app = await TenantsApp.StartAsync(_resolver, options => options.RefreshSavedTokens = true, _time);
        Register("a", _emulator.UserPools[0]);
        Register("b", await AddPoolAsync("us-east-1_TenantB", "bob"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Two_tenants_sign_in_call_their_API_refresh_and_sign_out_side_by_side()
    {
        await using var aliceBrowser = await browser.NewContextAsync();
        await using var bobBrowser = await browser.NewContextAsync();
        var alice = await SignInAsync(aliceBrowser, "a", "alice");
        var bob = await SignInAsync(bobBrowser, "b", "bob");

        Assert.Equal("a", await ClaimAsync(alice, "a", CognitoClaimTypes.Tenant));
        Assert.Equal("b", await ClaimAsync(bob, "b", CognitoClaimTypes.Tenant));
        Assert.Equal(_emulator.UserPools[1].Issuer, await ClaimAsync(bob, "b", CognitoClaimTypes.UserPool));
        Assert.Equal("200 orders of /t/a for alice", await TextAsync(alice, _app.TenantUrl("a", "/call-api")));
        Assert.Equal("200 orders of /t/b for bob", await TextAsync(bob, _app.TenantUrl("b", "/call-api")));

        // Alice's token, sent to tenant B's API, is not B's.
        Assert.StartsWith("401", await TextAsync(alice, _app.TenantUrl("b", "/call-api")), StringComparison.Ordinal);

        var bobsToken = await TokenAsync(bob, "b");
        _time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1));
        Assert.NotEqual(bobsToken, await TokenAsync(bob, "b"));
        Assert.Equal("200 orders of /t/b for bob", await TextAsync(bob, _app.TenantUrl("b", "/call-api")));
        Assert.Equal(1, _emulator.UserPools[1].RefreshRequests);

        await bob.GotoAsync(_app.TenantUrl("b", "/signout"));
        await bob.ArriveAtAsync(_app.TenantUrl("b", "/signed-out"));
        var afterSignOut = await bob.Context.APIRequest.GetAsync(_app.TenantUrl("b", "/me"));
        Assert.Equal(401, afterSignOut.Status);

        // Bob's pool ended its session: a new sign-in there asks for the password again. Alice is still signed in.
        await bob.GotoAsync(_app.TenantUrl("b", "/challenge"));
        await bob.ArriveAtAsync(PageArrival.StartingWith(_emulator.UserPools[1].Domain + "/login?"));
        Assert.Equal("alice", await ClaimAsync(alice, "a", "cognito:username"));
    }

    [Fact]
    public async Task A_tenant_added_while_the_app_runs_signs_in_in_the_browser()
    {
        Register("c", await AddPoolAsync("us-east-1_TenantC", "carol"));
        await using var context = await browser.NewContextAsync();

        var carol = await SignInAsync(context, "c", "carol");

        Assert.Equal("c", await ClaimAsync(carol, "c", CognitoClaimTypes.Tenant));
        Assert.Equal("200 orders of /t/c for carol", await TextAsync(carol, _app.TenantUrl("c", "/call-api")));
    }

    private async Task<CognitoEmulatorUserPool> AddPoolAsync(string userPoolId, string username)
    {
        var options = new CognitoEmulatorOptions { UserPoolId = userPoolId };
        options.Users.Add(new CognitoEmulatorUser { Username = username, Password = username + "-Passw0rd!", Email = $"{username}@example.com" });
        return await _emulator.AddUserPoolAsync(options, TestContext.Current.CancellationToken);
    }

    private void Register(string tenant, CognitoEmulatorUserPool pool)
    {
        pool.RegisterCallbackUrl(_app.TenantUrl(tenant, "/signin-cognito"));
        pool.RegisterSignOutUrl(_app.TenantUrl(tenant, "/signed-out"));
        _resolver.Tenants[tenant] = pool.AsTenant(tenant);
    }

    private async Task<IPage> SignInAsync(IBrowserContext context, string tenant, string username)
    {
        var pool = _resolver.Tenants[tenant];
        var page = await context.NewPageAsync();
        await page.GotoAsync(_app.TenantUrl(tenant, "/challenge"));
        await page.ArriveAtAsync(PageArrival.StartingWith(pool.Domain + "/login?"));
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(username + "-Passw0rd!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ArriveAtAsync(_app.TenantUrl(tenant, "/me"));
        return page;
    }

    private static async Task<string> TextAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        return await response!.TextAsync();
    }

    private async Task<string?> ClaimAsync(IPage page, string tenant, string type)
    {
        using var claims = JsonDocument.Parse(await TextAsync(page, _app.TenantUrl(tenant, "/me")));
        return claims.RootElement.EnumerateArray().FirstOrDefault(claim => claim.GetProperty("type").GetString() == type) is { ValueKind: JsonValueKind.Object } found
            ? found.GetProperty("value").GetString()
            : null;
    }

    private async Task<string?> TokenAsync(IPage page, string tenant)
    {
        using var token = JsonDocument.Parse(await TextAsync(page, _app.TenantUrl(tenant, "/token")));
        return token.RootElement.GetProperty("token").GetString();
    }
}
