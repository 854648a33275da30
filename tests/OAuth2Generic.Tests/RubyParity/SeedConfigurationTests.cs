using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.RubyParity;

/// <summary>
/// Provider entries written for GitLab's <c>omniauth_providers</c>, pasted as JSON, sign a user in through the full
/// challenge → callback → token → user info → cookie flow against a provider on real HTTP.
/// </summary>
public sealed class SeedConfigurationTests : IDisposable
{
    private const string CognitoUserInfo =
        """{"sub":"248289761001","email_verified":"true","custom:mycustom1":"CustomValue","phone_number_verified":"true","phone_number":"+12065551212","email":"bob@example.com","username":"bob"}""";

    private readonly FakeProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task The_GitLab_Cognito_entry_signs_a_user_in_unchanged()
    {
        _provider.Token("/oauth2/token").UserInfo("/oauth2/userInfo", CognitoUserInfo);
        var configuration = SeedConfiguration.Load("gitlab-cognito.json", _provider.Url);
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("cognito", configuration));
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await browser.SignInAsync("cognito", code: "the-code");

        Assert.Equal(_provider.Url + "/oauth2/authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
        var authorize = BrowserSession.Parameters(authorizeUrl);
        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal(FakeProvider.ClientId, authorize["client_id"]);
        Assert.Equal("https://app.test/signin-cognito", authorize["redirect_uri"]);
        Assert.Equal("openid profile email", authorize["scope"]);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.NotEmpty(authorize["state"]);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/me", callback.Headers.Location?.OriginalString);

        var token = _provider.SingleRequestTo("/oauth2/token");
        Assert.Equal("POST", token.Method);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("the-client-id:the-client-secret-5f1c")), token.Header("Authorization"));
        Assert.Equal("authorization_code", token.Form["grant_type"]);
        Assert.Equal("the-code", token.Form["code"]);
        Assert.Equal("https://app.test/signin-cognito", token.Form["redirect_uri"]);
        Assert.Equal(authorize["code_challenge"], Pkce.S256(token.Form["code_verifier"]));
        Assert.DoesNotContain("client_secret", token.Form.Keys);
        Assert.DoesNotContain("client_id", token.Form.Keys);

        var userInfo = _provider.SingleRequestTo("/oauth2/userInfo");
        Assert.Equal("GET", userInfo.Method);
        Assert.Equal("Bearer " + FakeProvider.AccessToken, userInfo.Header("Authorization"));

        var claims = await browser.ClaimsAsync();
        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, "248289761001"),
                (ClaimTypes.Name, "bob@example.com"),
                (ClaimTypes.Email, "bob@example.com"),
                (OAuth2GenericClaimTypes.Nickname, "bob@example.com"),
            ],
            claims);
        Assert.All(claims!, claim => Assert.Equal("cognito", claim.Issuer));

        var scheme = await app.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync("cognito");
        Assert.Equal("Cognito", scheme?.DisplayName);
    }

    [Fact]
    public async Task The_Ruby_custom_provider_example_signs_a_user_in_with_its_root_path_authorize_param_and_redirect_url()
    {
        _provider.Token().UserInfo(
            "/api/path/to/fetch/current_user/info",
            """{"user":{"id":42,"username":"jdoe","name":"Jane Doe","email":"jane@example.com","image":"https://img.example/j.png"}}""");
        var configuration = SeedConfiguration.Load("ruby-custom-provider.json", _provider.Url);
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("satorix", configuration));
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await browser.SignInAsync("satorix");

        Assert.Equal(_provider.Url + "/oauth/authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
        var authorize = BrowserSession.Parameters(authorizeUrl);
        Assert.Equal("custom-value", authorize["custom_param"]);
        Assert.Equal("https://app.example.com/users/auth/satorix/callback", authorize["redirect_uri"]);
        Assert.DoesNotContain("scope", authorize.Keys);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);

        var token = _provider.SingleRequestTo("/oauth/token");
        Assert.Equal("https://app.example.com/users/auth/satorix/callback", token.Form["redirect_uri"]);

        ClaimAssert.Exactly(
            [
                (ClaimTypes.Email, "jane@example.com"),
                (ClaimTypes.Name, "Jane Doe"),
                (ClaimTypes.NameIdentifier, "42"),
                (OAuth2GenericClaimTypes.Image, "https://img.example/j.png"),
                (OAuth2GenericClaimTypes.Nickname, "jdoe"),
            ],
            await browser.ClaimsAsync());
    }
}
