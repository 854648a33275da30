using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Challenge;

/// <summary>
/// The authorize request <c>AddCognito()</c> sends: endpoints from each form of <see cref="CognitoOptions.Domain"/>,
/// the recipe's scope, PKCE, and the identity-provider parameters, set in the options or for one challenge.
/// </summary>
public sealed class CognitoAuthorizeRequestTests
{
    [Theory]
    [InlineData("myapp", "eu-west-1", "https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/authorize")]
    [InlineData("https://myapp.auth.eu-west-1.amazoncognito.com", null, "https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/authorize")]
    [InlineData("https://myapp.auth.eu-west-1.amazoncognito.com/", null, "https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/authorize")]
    [InlineData("https://auth.example.com", null, "https://auth.example.com/oauth2/authorize")]
    [InlineData("https://auth.example.com", "us-east-1", "https://auth.example.com/oauth2/authorize")]
    public async Task Each_form_of_Domain_gives_the_authorize_endpoint(string domain, string? region, string expected)
    {
        var authorizeUrl = await Challenge(options =>
        {
            options.Domain = domain;
            options.Region = region;
        });

        Assert.Equal(expected, authorizeUrl.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task The_authorize_request_carries_the_recipes_scope_PKCE_and_the_cognito_callback()
    {
        var authorizeUrl = await Challenge();

        var parameters = BrowserSession.Parameters(authorizeUrl);
        Assert.Equal("code", parameters["response_type"]);
        Assert.Equal(FakeProvider.ClientId, parameters["client_id"]);
        Assert.Equal("https://app.test/signin-cognito", parameters["redirect_uri"]);
        Assert.Equal("openid profile email", parameters["scope"]);
        Assert.Equal("S256", parameters["code_challenge_method"]);
        Assert.False(parameters.ContainsKey("nonce"));
        Assert.False(parameters.ContainsKey("identity_provider"));
    }

    [Fact]
    public async Task The_token_and_userInfo_endpoints_come_from_the_domain_and_each_can_be_set_on_its_own()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            Valid(options);
            options.ClientOptions.UserInfoUrl = "https://users.example.com/me";
            options.TokenEndpoint = "https://tokens.example.com/token";
        }));

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<CognitoOptions>>().Get(CognitoDefaults.AuthenticationScheme);
        Assert.Equal("https://myapp.auth.us-east-1.amazoncognito.com/oauth2/authorize", options.AuthorizationEndpoint);
        Assert.Equal("https://tokens.example.com/token", options.TokenEndpoint);
        Assert.Equal("https://users.example.com/me", options.UserInformationEndpoint);
        Assert.Equal("https://myapp.auth.us-east-1.amazoncognito.com/logout", options.LogoutEndpoint);
        Assert.Equal("https://myapp.auth.us-east-1.amazoncognito.com/oauth2/revoke", options.RevocationEndpoint);
    }

    [Theory]
    [InlineData(null, "openid", "openid")]
    [InlineData("openid profile email", "openid", "openid")]
    [InlineData("openid email", "openid", "openid email")]
    [InlineData("openid email", null, "openid email")]
    public async Task A_scope_in_AuthorizeParams_replaces_the_default_scope_and_an_own_Scope_wins_over_it(
        string? scope, string? authorizeParamsScope, string expected)
    {
        var authorizeUrl = await Challenge(options =>
        {
            // With the id_token validated, the start-up check wants openid in the scope this same rule sends.
            options.UserPoolId = "us-east-1_AbC123xyz";
            if (scope is not null)
            {
                options.Scope.Clear();
                foreach (var item in scope.Split(' '))
                {
                    options.Scope.Add(item);
                }
            }

            if (authorizeParamsScope is not null)
            {
                options.AuthorizeParams["scope"] = authorizeParamsScope;
            }
        });

        Assert.Equal(expected, BrowserSession.Parameters(authorizeUrl)["scope"]);
    }

    [Fact]
    public async Task The_identity_provider_options_are_sent_with_every_sign_in()
    {
        var authorizeUrl = await Challenge(options =>
        {
            options.IdentityProvider = "Google";
            options.IdpIdentifier = "example.com";
            options.Lang = "fr";
            options.LoginHint = "bob@example.com";
            options.Prompt = "login";
        });

        var parameters = BrowserSession.Parameters(authorizeUrl);
        Assert.Equal("Google", parameters["identity_provider"]);
        Assert.Equal("example.com", parameters["idp_identifier"]);
        Assert.Equal("fr", parameters["lang"]);
        Assert.Equal("bob@example.com", parameters["login_hint"]);
        Assert.Equal("login", parameters["prompt"]);
    }

    [Fact]
    public async Task A_challenge_overrides_or_withdraws_the_identity_provider_options()
    {
        await using var app = await TestApp.StartAsync(
            auth => auth.AddCognito(options =>
            {
                Valid(options);
                options.IdentityProvider = "Google";
                options.Lang = "fr";
            }),
            configureApp: endpoints => endpoints.MapGet("/challenge/saml", () => Results.Challenge(
                new CognitoChallengeProperties { RedirectUri = "/me", IdentityProvider = "MySamlProvider", Prompt = "login", Lang = string.Empty },
                [CognitoDefaults.AuthenticationScheme])));
        var browser = app.NewSession();

        var authorizeUrl = await browser.ChallengeAsync("saml");

        var parameters = BrowserSession.Parameters(authorizeUrl);
        Assert.Equal("MySamlProvider", parameters["identity_provider"]);
        Assert.Equal("login", parameters["prompt"]);
        Assert.False(parameters.ContainsKey("lang"));
    }

    [Fact]
    public async Task With_id_token_validation_a_fresh_nonce_is_sent_with_each_sign_in()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            Valid(options);
            options.UserPoolId = "us-east-1_AbC123xyz";
        }));

        var first = BrowserSession.Parameters(await app.NewSession().ChallengeAsync(CognitoDefaults.AuthenticationScheme))["nonce"];
        var second = BrowserSession.Parameters(await app.NewSession().ChallengeAsync(CognitoDefaults.AuthenticationScheme))["nonce"];

        Assert.NotEqual(first, second);
    }

    private static async Task<Uri> Challenge(Action<CognitoOptions>? configure = null)
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            Valid(options);
            configure?.Invoke(options);
        }));
        return await app.NewSession().ChallengeAsync(CognitoDefaults.AuthenticationScheme);
    }

    private static void Valid(CognitoOptions options)
    {
        options.ClientId = FakeProvider.ClientId;
        options.ClientSecret = FakeProvider.ClientSecret;
        options.Domain = "myapp";
        options.Region = "us-east-1";
    }
}
