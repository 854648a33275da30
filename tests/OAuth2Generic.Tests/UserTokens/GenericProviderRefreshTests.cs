using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// <c>AddOAuth2Generic</c> with <see cref="OAuth2GenericOptions.RefreshSavedTokens"/> against a real authorization
/// server (npm's oidc-provider), signed in through its login and consent pages with <c>offline_access</c>: the saved
/// refresh token is redeemed for a new access token, which the provider's own user-info endpoint accepts.
/// </summary>
/// <remarks>
/// oidc-provider runs on real time and issues access tokens for an hour. Only the app's clock is moved (a
/// <see cref="FakeTimeProvider"/>, as in the other refresh tests): the app finds the saved token due, while at the
/// provider the refresh token and both access tokens are still what they are at that real moment, valid. Neither a
/// short lifetime at the provider (a wait) nor a lead time longer than the token's lifetime (a refresh at every
/// request) is needed.
/// </remarks>
[Trait("Category", "Slow")]
public sealed class GenericProviderRefreshTests(BrowserFixture browser)
{
    private const string Scheme = "oidc";
    private static readonly TimeSpan UntilDue = TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_due_token_is_refreshed_with_the_offline_access_refresh_token_and_the_new_token_works_at_the_providers_user_info()
    {
        await using var context = await browser.NewContextAsync();
        await using var provider = await OidcProviderServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await RefreshApp.StartAsync(
            auth => auth.AddOAuth2Generic(Scheme, options =>
            {
                provider.Configure(options, provider.ClientFor(ClientAuthScheme.BasicAuth));
                options.Scope.Add("openid");
                options.Scope.Add("account");
                options.Scope.Add("offline_access");
                // OpenID Connect Core §11: offline_access is granted only with prompt=consent; oidc-provider drops it otherwise.
                options.AuthorizeParams["prompt"] = "consent";
                options.UserResponseStructure.RootPath = "account";
                options.UserResponseStructure.IdPath = "id";
                options.UserResponseStructure.Attributes.Remove("name");
                options.SaveTokens = true;
                options.RefreshSavedTokens = true;
            }),
            time);
        await provider.RegisterRedirectUriAsync(app.Url + "signin-" + Scheme);

        var page = await SignInAsync(context, provider, app);
        var before = await TokenAsync(page, app);
        time.Advance(UntilDue);
        var refreshed = await TokenAsync(page, app);
        var after = await TokenAsync(page, app);
        var me = await page.Context.APIRequest.GetAsync(app.Url + "me");

        Assert.Equal("Valid", before.Status);
        Assert.NotNull(before.AccessToken);
        // The cookie's validation refreshed it earlier in the same request: the README's table says this shows as Valid.
        Assert.Equal("Valid", refreshed.Status);
        Assert.NotNull(refreshed.AccessToken);
        Assert.NotEqual(before.AccessToken, refreshed.AccessToken);
        Assert.True(refreshed.ExpiresAt > time.GetUtcNow() + TimeSpan.FromMinutes(30), $"The refreshed token expires at {refreshed.ExpiresAt:u}.");
        Assert.Equal(new RefreshApp.TokenPage("Valid", refreshed.AccessToken, refreshed.ExpiresAt), after);
        Assert.Equal(200, me.Status);
        Assert.Contains(app.Logs.Lines, line => line.Level == LogLevel.Information && line.Message.StartsWith($"Refreshed the saved tokens of a session of scheme {Scheme}", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Level >= LogLevel.Warning);

        using var userInfo = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, provider.Issuer + "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", refreshed.AccessToken);
        using var answer = await userInfo.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"The provider's user info answered {(int)answer.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        Assert.Equal("alice", document.RootElement.GetProperty("sub").GetString());
        Assert.Equal(4711, document.RootElement.GetProperty("account").GetProperty("id").GetInt32());
    }

    /// <summary>The app's challenge, alice on the provider's login page, its consent page, and back at the app.</summary>
    private static async Task<IPage> SignInAsync(IBrowserContext context, OidcProviderServer provider, RefreshApp app)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Url + "challenge/" + Scheme);

        Assert.StartsWith(provider.Issuer + "/interaction/", page.Url, StringComparison.Ordinal);
        await page.Locator("input[name=login]").FillAsync("alice");
        await page.Locator("input[name=password]").FillAsync("any password will do");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.ArriveAtAsync(PageArrival.StartingWith(app.Url));
        Assert.True(page.Url == app.Url + "me", $"The sign-in ended at {page.Url.Split('?')[0]}, not at /me: {await page.Locator("body").InnerTextAsync()}");
        return page;
    }

    /// <summary>What the app's <c>/token</c> shows for the browser's cookie (which takes a renewed cookie).</summary>
    private static async Task<RefreshApp.TokenPage> TokenAsync(IPage page, RefreshApp app)
    {
        var response = await page.Context.APIRequest.GetAsync(app.Url + "token");
        Assert.Equal(200, response.Status);
        return JsonSerializer.Deserialize<RefreshApp.TokenPage>(await response.TextAsync(), Json)!;
    }
}
