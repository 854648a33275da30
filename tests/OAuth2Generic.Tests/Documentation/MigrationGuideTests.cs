using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// The appsettings.json blocks of docs/migration-from-gitlab.md sign a user in as they are written: each is taken
/// from the file, its example host and client placeholders are replaced by the WireMock provider's, and it is bound
/// with the package's registration for a full challenge → callback → token → user info → cookie sign-in.
/// </summary>
public sealed class MigrationGuideTests : IDisposable
{
    private const string Guide = "docs/migration-from-gitlab.md";
    private const string GenericHost = "https://idp.example.com";
    private const string CognitoHost = "https://myapp.auth.eu-west-1.amazoncognito.com";
    private const string GenericUserInfo = """{"sub":"00u1a2b3","email":"jane@example.com","name":"Jane Doe","email_verified":true}""";

    private readonly FakeCognito _cognito = new();

    public void Dispose() => _cognito.Dispose();

    [Theory]
    [InlineData("generic-gitlab-shape")]
    [InlineData("generic-own-names")]
    public async Task GitLabs_generic_example_signs_a_user_in_with_its_endpoints_scope_and_attributes(string name)
    {
        var provider = _cognito.Provider;
        provider.Token("/oauth2/v1/token").UserInfo("/oauth2/v1/userinfo", GenericUserInfo);
        var (block, section) = Settings(name, GenericHost, provider.Url);
        Assert.Equal([DocumentedSettings.OAuth2GenericHandler], Handlers(block));
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic(section.Key, section));
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await browser.SignInAsync(section.Key);

        Assert.Equal(provider.Url + "/oauth2/v1/authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
        var authorize = BrowserSession.Parameters(authorizeUrl);
        Assert.Equal("openid profile email", authorize["scope"]);
        Assert.Equal(FakeProvider.ClientId, authorize["client_id"]);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(FakeProvider.ClientId + ":" + FakeProvider.ClientSecret, BasicCredentials(provider.SingleRequestTo("/oauth2/v1/token")));
        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, "00u1a2b3"),
                (ClaimTypes.Email, "jane@example.com"),
                (ClaimTypes.Name, "Jane Doe"),
            ],
            await browser.ClaimsAsync());
        var scheme = await app.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(section.Key);
        Assert.Equal("Provider name", scheme?.DisplayName);
    }

    [Fact]
    public async Task GitLabs_generic_example_with_an_Authority_signs_a_user_in_from_the_validated_id_token_alone()
    {
        using var provider = new FakeOidcProvider();
        provider.Discovery().Jwks().UserInfo();
        var (block, section) = Settings("generic-openid-connect", GenericHost, provider.Issuer);
        Assert.Equal([DocumentedSettings.OAuth2GenericHandler], Handlers(block));
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic(section.Key, section));
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await provider.SignInAsync(browser, scheme: section.Key);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(provider.Issuer + "/authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
        Assert.Equal("openid profile email", BrowserSession.Parameters(authorizeUrl)["scope"]);
        Assert.Empty(provider.Provider.RequestsTo(FakeOidcProvider.UserInfoPath));
        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, FakeOidcProvider.Subject),
                (ClaimTypes.Email, "ada@example.com"),
                (ClaimTypes.Name, "Ada Lovelace"),
                (ClaimTypes.GivenName, "Ada"),
            ],
            await browser.ClaimsAsync());
    }

    [Fact]
    public async Task The_Cognito_entry_as_it_is_signs_a_user_in_through_AddOAuth2Generic_with_the_recipes_claims()
    {
        _cognito.Token(idToken: null).UserInfo();
        var (block, section) = Settings("cognito-gitlab-shape", CognitoHost, _cognito.Domain);
        Assert.Contains(DocumentedSettings.OAuth2GenericHandler, Handlers(block));
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic(section.Key, section));
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await browser.SignInAsync(section.Key);

        Assert.Equal(_cognito.Domain + "/oauth2/authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
        Assert.Equal("openid profile email", BrowserSession.Parameters(authorizeUrl)["scope"]);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, FakeCognito.Subject),
                (ClaimTypes.Name, "bob@example.com"),
                (ClaimTypes.Email, "bob@example.com"),
                (OAuth2GenericClaimTypes.Nickname, "bob@example.com"),
            ],
            await browser.ClaimsAsync());
    }

    [Fact]
    public async Task The_Cognito_entry_as_it_is_signs_a_user_in_through_AddCognito_with_every_attribute_added()
    {
        _cognito.Token(idToken: null).UserInfo();
        var (block, section) = Settings("cognito-gitlab-shape", CognitoHost, _cognito.Domain);
        Assert.Contains(DocumentedSettings.CognitoHandler, Handlers(block));
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(section.Key, section));
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync(section.Key);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var claims = await browser.ClaimsAsync();
        Assert.NotNull(claims);
        Assert.Equal(FakeCognito.Subject, Assert.Single(claims, claim => claim.Type == ClaimTypes.NameIdentifier).Value);
        Assert.Equal("bob@example.com", Assert.Single(claims, claim => claim.Type == ClaimTypes.Email).Value);
        Assert.Equal("bob", Assert.Single(claims, claim => claim.Type == "username").Value);
        Assert.Equal("CustomValue", Assert.Single(claims, claim => claim.Type == "custom:mycustom1").Value);
    }

    [Fact]
    public async Task The_Cognito_settings_in_their_own_names_sign_a_user_in_with_a_validated_id_token_and_roles()
    {
        _cognito.Jwks().UserInfo();
        var (block, section) = Settings(
            "cognito-own-names",
            CognitoHost,
            _cognito.Domain,

            // The pool's issuer is AWS's; the fake pool publishes its keys under its own address.
            new Dictionary<string, string?> { ["Authentication:Schemes:Cognito:Issuer"] = _cognito.Issuer });
        Assert.Equal([DocumentedSettings.CognitoHandler], Handlers(block));
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(section));
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await _cognito.SignInAsync(browser);

        Assert.Equal(_cognito.Domain + "/oauth2/authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
        Assert.Equal("openid profile email", BrowserSession.Parameters(authorizeUrl)["scope"]);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var claims = await browser.ClaimsAsync();
        Assert.NotNull(claims);
        Assert.Equal(FakeCognito.Subject, Assert.Single(claims, claim => claim.Type == ClaimTypes.NameIdentifier).Value);
        Assert.Equal("bob@example.com", Assert.Single(claims, claim => claim.Type == ClaimTypes.Name).Value);
        Assert.Equal(["admins", "editors"], claims.Where(claim => claim.Type == ClaimTypes.Role).Select(claim => claim.Value).Order());
    }

    /// <summary>
    /// The named block of the guide as configuration, with the example host and the client placeholders replaced, and
    /// the section it names.
    /// </summary>
    private static (MarkdownCodeBlock Block, IConfigurationSection Section) Settings(
        string name, string exampleHost, string providerUrl, IDictionary<string, string?>? overrides = null)
    {
        var block = Assert.Single(MarkdownCodeBlocks.Read(Guide), block => block.IsComplete && block.Attribute("name") == name);
        Assert.Contains(exampleHost, block.Text, StringComparison.Ordinal);
        var json = block.Text
            .Replace(exampleHost, providerUrl, StringComparison.Ordinal)
            .Replace("<client_id>", FakeProvider.ClientId, StringComparison.Ordinal)
            .Replace("<your_app_client_id>", FakeProvider.ClientId, StringComparison.Ordinal)
            .Replace("<client_secret>", FakeProvider.ClientSecret, StringComparison.Ordinal)
            .Replace("<your_app_client_secret>", FakeProvider.ClientSecret, StringComparison.Ordinal);
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(DocumentedSettings.Load(json))
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();
        var sectionPath = block.Attribute("section");
        Assert.NotNull(sectionPath);
        return (block, configuration.GetSection(sectionPath));
    }

    private static string[] Handlers(MarkdownCodeBlock block) => block.Attribute("handler")?.Split(',') ?? [];

    private static string BasicCredentials(ReceivedRequest request) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(request.Header("Authorization")!["Basic ".Length..]));
}
