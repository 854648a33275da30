using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using OAuth2Generic.Tests.UserTokens;

namespace OAuth2Generic.Tests.SignIn;

/// <summary>
/// A generic scheme with an <see cref="OAuth2GenericOptions.Authority"/>, in a real browser against the OpenID Certified
/// oidc-provider (npm): everything from its discovery document, the id_token validated at the sign-in and at a refresh,
/// and a sign-out at the provider (RP-initiated logout, the refresh token revoked) that ends the provider's session.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OidcProviderOpenIdConnectTests(BrowserFixture browser)
{
    private const string Scheme = "oidc";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Authority_ClientId_and_ClientSecret_alone_sign_in_with_a_validated_id_token_and_sign_out_at_the_provider()
    {
        await using var context = await browser.NewContextAsync();
        await using var provider = await OidcProviderServer.StartAsync();
        await using var app = await RefreshApp.StartAsync(
            auth => auth.AddOAuth2Generic(Scheme, options => provider.ConfigureAuthority(options, provider.ClientFor(ClientAuthScheme.BasicAuth))),
            TimeProvider.System);
        await provider.RegisterRedirectUriAsync(app.Url + "signin-" + Scheme, app.Url + "signout-callback-" + Scheme);

        var page = await SignInAsync(context, provider, app, consent: true);

        var claims = await ClaimsAsync(page, app);
        Assert.Equal("alice", Assert.Single(claims, claim => claim.Type == ClaimTypes.NameIdentifier).Value);
        Assert.Single(app.Logs.Lines, line => line.EventId.Id == 103 && line.Message == "The id_token signed with key e2e is valid.");

        await SignOutAtProviderAsync(page, app);

        Assert.Equal(401, (await page.Context.APIRequest.GetAsync(app.Url + "me")).Status);
        await AssertProviderSessionEndedAsync(page, provider, app);
    }

    [Fact]
    public async Task A_refresh_brings_a_new_validated_id_token_for_the_same_user_and_the_sign_out_revokes_the_refresh_token()
    {
        await using var context = await browser.NewContextAsync();
        await using var provider = await OidcProviderServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await RefreshApp.StartAsync(
            auth => auth.AddOAuth2Generic(Scheme, options =>
            {
                provider.ConfigureAuthority(options, provider.ClientFor(ClientAuthScheme.BasicAuth));
                options.Scope.Add("openid");
                options.Scope.Add("offline_access");

                // OpenID Connect Core §11: offline_access is granted only with prompt=consent; oidc-provider drops it otherwise.
                options.AuthorizeParams["prompt"] = "consent";
                options.SaveTokens = true;
                options.RefreshSavedTokens = true;
            }),
            time);
        await provider.RegisterRedirectUriAsync(app.Url + "signin-" + Scheme, app.Url + "signout-callback-" + Scheme);

        var page = await SignInAsync(context, provider, app, consent: true);
        var before = await TokenAsync(page, app);

        // oidc-provider issues access tokens and id_tokens for an hour; only the app's clock moves.
        time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1));
        var refreshed = await TokenAsync(page, app);

        Assert.NotEqual(before.AccessToken, refreshed.AccessToken);
        Assert.Equal(2, app.Logs.Lines.Count(line => line.EventId.Id == 103));
        Assert.Equal("alice", Assert.Single(await ClaimsAsync(page, app), claim => claim.Type == ClaimTypes.NameIdentifier).Value);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Level >= LogLevel.Warning);
        var refreshToken = await SavedRefreshTokenAsync(app, page);

        await SignOutAtProviderAsync(page, app);

        Assert.Contains(app.Logs.Lines, line => line.EventId.Id == 105);
        Assert.Equal("invalid_grant", await RedeemAsync(provider, refreshToken));
        await AssertProviderSessionEndedAsync(page, provider, app);
    }

    // The app's challenge, alice on the provider's login page, its consent page, and back at the app's /me.
    private static async Task<IPage> SignInAsync(IBrowserContext context, OidcProviderServer provider, RefreshApp app, bool consent)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url + "challenge/" + Scheme);

        Assert.StartsWith(provider.Issuer + "/interaction/", page.Url, StringComparison.Ordinal);
        await page.Locator("input[name=login]").FillAsync("alice");
        await page.Locator("input[name=password]").FillAsync("any password will do");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
        if (consent)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        }

        await page.ArriveAtAsync(PageArrival.StartingWith(app.Url));
        Assert.True(page.Url == app.Url + "me", $"The sign-in ended at {page.Url.Split('?')[0]}, not at /me: {await page.Locator("body").InnerTextAsync()}");
        return page;
    }

    // The app's sign-out: the provider's end-session page (its confirmation), then back through the signed-out callback.
    private static async Task SignOutAtProviderAsync(IPage page, RefreshApp app)
    {
        await page.GotoAsync(app.Url + "signout/" + Scheme);
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await page.ArriveAtAsync(PageArrival.StartingWith(app.Url));
        Assert.True(page.Url == app.Url + "signed-out", $"The sign-out ended at {page.Url.Split('?')[0]}: {await page.Locator("body").InnerTextAsync()}");
    }

    // With its session alive, the provider would send the browser straight back to the app: it asks alice to sign in again.
    private static async Task AssertProviderSessionEndedAsync(IPage page, OidcProviderServer provider, RefreshApp app)
    {
        await page.GotoAsync(app.Url + "challenge/" + Scheme);
        Assert.StartsWith(provider.Issuer + "/interaction/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();
    }

    private static async Task<ClaimRecord[]> ClaimsAsync(IPage page, RefreshApp app)
    {
        var response = await page.Context.APIRequest.GetAsync(app.Url + "me");
        Assert.Equal(200, response.Status);
        return JsonSerializer.Deserialize<ClaimRecord[]>(await response.TextAsync(), Json)!;
    }

    private static async Task<RefreshApp.TokenPage> TokenAsync(IPage page, RefreshApp app)
    {
        var response = await page.Context.APIRequest.GetAsync(app.Url + "token");
        Assert.Equal(200, response.Status);
        return JsonSerializer.Deserialize<RefreshApp.TokenPage>(await response.TextAsync(), Json)!;
    }

    // The refresh token saved in the browser's cookie, read through the app's own cookie scheme.
    private static async Task<string> SavedRefreshTokenAsync(RefreshApp app, IPage page)
    {
        var cookies = await page.Context.CookiesAsync([app.Url]);
        using var request = new HttpRequestMessage(HttpMethod.Get, app.Url + "me");
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(cookie => $"{cookie.Name}={cookie.Value}")));
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = app.Services };
        context.Request.Headers.Cookie = request.Headers.GetValues("Cookie").Single();
        var result = await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(context, "Cookies");
        return Microsoft.AspNetCore.Authentication.AuthenticationTokenExtensions.GetTokenValue(result.Properties!, "refresh_token")!;
    }

    // The provider's answer to a refresh_token grant with the token: its error, or "ok".
    private static async Task<string> RedeemAsync(OidcProviderServer provider, string refreshToken)
    {
        var client = provider.ClientFor(ClientAuthScheme.BasicAuth);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, provider.Issuer + "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.ClientSecret)}")));
        using var answer = await http.SendAsync(request, TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return answer.IsSuccessStatusCode ? "ok" : document.RootElement.GetProperty("error").GetString()!;
    }
}
