using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace OAuth2Generic.Tests.SignIn;

/// <summary>
/// A real browser signs in to the app (Kestrel on 127.0.0.1) through a real, OpenID Certified authorization server
/// (npm's oidc-provider): its own login and consent pages, its token endpoint held to each client's registered
/// authentication method, and a nested user-info body that only root, id and attribute paths can map.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OidcProviderSignInTests(BrowserFixture browser)
{
    private const string Scheme = "oidc";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData(ClientAuthScheme.BasicAuth)]
    [InlineData(ClientAuthScheme.RequestBody)]
    public async Task A_user_signs_in_through_the_providers_login_and_consent_pages_and_gets_claims_mapped_from_the_nested_user_info(ClientAuthScheme authScheme)
    {
        await using var context = await browser.NewContextAsync();
        await using var provider = await OidcProviderServer.StartAsync();
        var client = provider.ClientFor(authScheme);
        await using var app = await StartAppAsync(provider, options => provider.Configure(options, client));

        var page = await SignInAsync(context, provider, app);

        Assert.True(page.Url == AppUrl(app, "/me"), $"The sign-in ended at {page.Url.Split('?')[0]}, not at /me: {await page.Locator("body").InnerTextAsync()}");
        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, "4711"),
                (OAuth2GenericClaimTypes.Nickname, "alice"),
                (ClaimTypes.GivenName, "Alice"),
                (ClaimTypes.Surname, "Liddell"),
                (ClaimTypes.Name, "Alice Liddell"),
                (ClaimTypes.Email, "alice@example.test"),
                ("groups", "readers"),
                ("groups", "writers"),
                ("subject", "alice"),
            ],
            await ClaimsAsync(page));
    }

    [Fact]
    public async Task A_client_registered_for_client_secret_post_is_refused_when_the_handler_sends_Basic_authentication()
    {
        var failure = await FailedSignInAsync((provider, options) =>
        {
            provider.Configure(options, provider.ClientFor(ClientAuthScheme.RequestBody));
            options.ClientOptions.AuthScheme = ClientAuthScheme.BasicAuth;
        });

        Assert.Contains(
            "returned 401 Unauthorized with error \"invalid_client\" (the client is registered for client_secret_post, not client_secret_basic)",
            failure,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_path_that_misses_the_nested_id_fails_the_sign_in_without_a_principal()
    {
        var failure = await FailedSignInAsync((provider, options) =>
        {
            provider.Configure(options, provider.ClientFor(ClientAuthScheme.BasicAuth));
            // "sub" is at the document root, not under the root path "account": relative to it, there is no id.
            options.UserResponseStructure.IdPath = "sub";
        });

        Assert.Contains("the value at IdPath \"sub\" under RootPath \"account\" is missing", failure, StringComparison.Ordinal);
    }

    /// <summary>
    /// A sign-in through the provider's pages that the app must refuse: it ends on the callback with the failure page and
    /// no principal. Returns the failure the handler logged.
    /// </summary>
    private async Task<string> FailedSignInAsync(Action<OidcProviderServer, OAuth2GenericOptions> configure)
    {
        await using var context = await browser.NewContextAsync();
        await using var provider = await OidcProviderServer.StartAsync();
        var logs = new CapturedLogs();
        await using var app = await StartAppAsync(provider, options => configure(provider, options), logs);

        var page = await SignInAsync(context, provider, app);

        Assert.Equal(AppUrl(app, "/signin-oidc"), page.Url.Split('?')[0]);
        Assert.Contains("Sign-in failed", await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Null(await ClaimsAsync(page));
        return SignInFailure(logs);
    }

    /// <summary>
    /// Starts the app with the scheme mapping the provider's user info
    /// <c>{"sub":"alice","account":{"id":4711,"login":"alice","name":{"given":…,"family":…},"emails":[…],"groups":[…]}}</c>,
    /// then registers its callback with the provider.
    /// </summary>
    private static async Task<KestrelApp> StartAppAsync(OidcProviderServer provider, Action<OAuth2GenericOptions> configure, CapturedLogs? logs = null)
    {
        var app = await KestrelApp.StartAsync(auth => auth.AddOAuth2Generic(Scheme, options =>
        {
            options.Scope.Add("openid");
            options.Scope.Add("account");
            var structure = options.UserResponseStructure;
            structure.RootPath = "account";
            structure.IdPath = "id";
            structure.Attributes["nickname"] = "login";
            structure.Attributes["first_name"] = new[] { "account", "name", "given" };
            structure.Attributes["last_name"] = new[] { "account", "name", "family" };
            structure.Attributes["email"] = new[] { "account", "emails", "0" };
            structure.Attributes["groups"] = "groups";
            structure.Attributes["subject"] = new[] { "sub" };
            // account.name is an object: without this mapping the name is derived from the first and last names.
            structure.Attributes.Remove("name");
            configure(options);
        }), services =>
        {
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
            if (logs is not null)
            {
                services.AddSingleton<ILoggerProvider>(logs);
            }
        });

        try
        {
            await provider.RegisterRedirectUriAsync(AppUrl(app, "/signin-oidc"));
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens the app's challenge, signs in as alice on the provider's login page, accepts its consent page, and
    /// returns the page once the browser is back at the app.
    /// </summary>
    private static async Task<IPage> SignInAsync(IBrowserContext context, OidcProviderServer provider, KestrelApp app)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(AppUrl(app, "/challenge/" + Scheme));

        Assert.StartsWith(provider.Issuer + "/interaction/", page.Url, StringComparison.Ordinal);
        await page.Locator("input[name=login]").FillAsync("alice");
        await page.Locator("input[name=password]").FillAsync("any password will do");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.ArriveAtAsync(PageArrival.StartingWith(AppUrl(app, "/")));
        return page;
    }

    /// <summary>The claims the app's <c>/me</c> lists for this browser's cookie, or null when it is not signed in.</summary>
    private static async Task<ClaimRecord[]?> ClaimsAsync(IPage page)
    {
        var response = await page.Context.APIRequest.GetAsync(new Uri(new Uri(page.Url), "/me").ToString());
        return response.Status == 401 ? null : JsonSerializer.Deserialize<ClaimRecord[]>(await response.TextAsync(), Json);
    }

    /// <summary>The handler's warning that says why the sign-in failed.</summary>
    private static string SignInFailure(CapturedLogs logs) => Assert.Single(
        logs.Lines,
        line => line.Category == typeof(OAuth2GenericHandler).FullName && line.Level == LogLevel.Warning && line.Message.StartsWith("Sign-in failed", StringComparison.Ordinal)).Message;

    private static string AppUrl(KestrelApp app, string path) => new Uri(app.Client.BaseAddress!, path).ToString();
}
