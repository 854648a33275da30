using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.SignIn;

/// <summary>Two providers side by side, each with its own callback path, state protection and claims.</summary>
public sealed class MultipleSchemesTests : IDisposable
{
    private readonly FakeProvider _gitlab = new();
    private readonly FakeProvider _keycloak = new();

    public MultipleSchemesTests()
    {
        _gitlab.Token().UserInfo("/api/v4/user", """{"id":101,"username":"root","name":"GitLab Admin","email":"admin@gitlab.example"}""");
        _keycloak
            .Token("/realms/demo/protocol/openid-connect/token")
            .UserInfo("/realms/demo/protocol/openid-connect/userinfo", """{"sub":"kc-7f3","preferred_username":"kc-user","email":"user@keycloak.example"}""");
    }

    public void Dispose()
    {
        _gitlab.Dispose();
        _keycloak.Dispose();
    }

    [Fact]
    public async Task Each_scheme_completes_its_own_flow_with_its_own_callback_path_and_claims()
    {
        await using var app = await StartApp();

        var gitlabBrowser = app.NewSession();
        var (gitlabAuthorize, gitlabCallback) = await gitlabBrowser.SignInAsync("gitlab");
        var keycloakBrowser = app.NewSession();
        var (keycloakAuthorize, keycloakCallback) = await keycloakBrowser.SignInAsync("keycloak");

        Assert.Equal("https://app.test/signin-gitlab", BrowserSession.Parameters(gitlabAuthorize)["redirect_uri"]);
        Assert.Equal("https://app.test/signin-keycloak", BrowserSession.Parameters(keycloakAuthorize)["redirect_uri"]);
        Assert.Equal(HttpStatusCode.Redirect, gitlabCallback.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, keycloakCallback.StatusCode);

        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, "101"),
                (ClaimTypes.Name, "GitLab Admin"),
                (ClaimTypes.Email, "admin@gitlab.example"),
                (OAuth2GenericClaimTypes.Nickname, "root"),
            ],
            await gitlabBrowser.ClaimsAsync());
        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, "kc-7f3"),
                (ClaimTypes.Name, "kc-user"),
                (ClaimTypes.Email, "user@keycloak.example"),
                (OAuth2GenericClaimTypes.Nickname, "kc-user"),
            ],
            await keycloakBrowser.ClaimsAsync());
        Assert.Single(_gitlab.RequestsTo("/oauth/token"));
        Assert.Single(_keycloak.RequestsTo("/realms/demo/protocol/openid-connect/token"));
    }

    [Fact]
    public async Task A_state_issued_for_one_scheme_is_refused_by_the_other()
    {
        await using var app = await StartApp();
        var browser = app.NewSession();
        var gitlabAuthorize = await browser.ChallengeAsync("gitlab");
        var state = Uri.EscapeDataString(BrowserSession.Parameters(gitlabAuthorize)["state"]);

        using var callback = await browser.GetAsync($"/signin-keycloak?code=c&state={state}");

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        // Each scheme protects its state with a purpose of its own: another scheme's state cannot be unprotected.
        Assert.Equal(OAuth2GenericFailureReasons.StateInvalid, Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures)).Reason);
        Assert.Empty(_gitlab.RequestsTo("/oauth/token"));
        Assert.Empty(_keycloak.RequestsTo("/realms/demo/protocol/openid-connect/token"));
    }

    private Task<TestApp> StartApp() =>
        TestApp.StartAsync(auth => auth
            .AddOAuth2Generic("gitlab", "GitLab", options =>
            {
                _gitlab.Configure(options);
                options.ClientOptions.UserInfoUrl = "/api/v4/user";
                options.UserResponseStructure.Attributes["nickname"] = "username";
            })
            .AddOAuth2Generic("keycloak", "Keycloak", options =>
            {
                _keycloak.Configure(options);
                options.ClientOptions.Site = _keycloak.Url + "/realms/demo";
                options.ClientOptions.AuthorizeUrl = "protocol/openid-connect/auth";
                options.ClientOptions.TokenUrl = "protocol/openid-connect/token";
                options.ClientOptions.UserInfoUrl = "protocol/openid-connect/userinfo";
                options.UserResponseStructure.IdPath = "sub";
                options.UserResponseStructure.Attributes["nickname"] = "preferred_username";
            }));
}
