using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Configuration;

/// <summary><c>AddCognito(IConfiguration)</c>: the options' own keys, and the GitLab recipe's entry as it is.</summary>
public sealed class CognitoConfigurationTests : IDisposable
{
    private readonly FakeCognito _cognito = new();

    public void Dispose() => _cognito.Dispose();

    [Fact]
    public async Task An_appsettings_section_signs_a_user_in_with_roles_from_the_validated_id_token()
    {
        _cognito.Jwks();
        var configuration = SeedConfiguration.FromJson($$"""
            {
              "Authentication": {
                "Cognito": {
                  "Domain": "{{_cognito.Domain}}",
                  "Region": "us-east-1",
                  "UserPoolId": "{{FakeCognito.UserPoolId}}",
                  "Issuer": "{{_cognito.Issuer}}",
                  "ClientId": "{{FakeProvider.ClientId}}",
                  "ClientSecret": "{{FakeProvider.ClientSecret}}",
                  "UserInformationSource": "IdToken",
                  "SaveTokens": true
                }
              }
            }
            """);
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(configuration.GetSection("Authentication:Cognito")));
        var browser = app.NewSession();

        var (_, callback) = await _cognito.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var claims = await browser.ClaimsAsync();
        Assert.Equal(2, claims!.Count(claim => claim.Type == ClaimTypes.Role));
        Assert.Empty(_cognito.Provider.RequestsTo(FakeCognito.UserInfoPath));
    }

    [Fact]
    public async Task The_GitLab_recipes_entry_signs_a_user_in_through_AddCognito_with_the_Cognito_claims_added()
    {
        _cognito.Token(idToken: null).UserInfo();
        var configuration = SeedConfiguration.Load("gitlab-cognito.json", _cognito.Domain);
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(configuration));
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var claims = await browser.ClaimsAsync();
        Assert.Equal(FakeCognito.Subject, Assert.Single(claims!, claim => claim.Type == ClaimTypes.NameIdentifier).Value);
        Assert.Equal("bob", Assert.Single(claims!, claim => claim.Type == "username").Value);
        Assert.Equal("CustomValue", Assert.Single(claims!, claim => claim.Type == "custom:mycustom1").Value);
    }

    [Fact]
    public async Task Every_Cognito_option_binds_from_its_own_key()
    {
        var configuration = SeedConfiguration.FromJson("""
            {
              "ClientId": "id", "ClientSecret": "secret",
              "Domain": "myapp", "Region": "eu-west-1", "UserPoolId": "eu-west-1_AbC123xyz",
              "IdentityProvider": "Google", "IdpIdentifier": "example.com", "Lang": "de", "LoginHint": "bob", "Prompt": "login",
              "UserInformationSource": "Both", "RequireVerifiedEmail": false, "RequireVerifiedPhoneNumber": false,
              "SignedOutRedirectUri": "/bye", "RevokeRefreshTokenOnSignOut": false,
              "LogoutEndpoint": "https://auth.example.com/signout", "RevocationEndpoint": "https://auth.example.com/revoke",
              "AutomaticRefreshInterval": "06:00:00", "RefreshInterval": "00:01:00", "ClockSkew": "00:00:30",
              "Scope": "openid email", "DisplayName": "Sign in with Example"
            }
            """);
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito("Example", configuration));

        var options = app.Services.GetRequiredService<IOptionsMonitor<CognitoOptions>>().Get("Example");
        Assert.Equal("https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/token", options.TokenEndpoint);
        Assert.Equal("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz", options.Issuer);
        Assert.Equal(
            new Dictionary<string, string> { ["identity_provider"] = "Google", ["idp_identifier"] = "example.com", ["lang"] = "de", ["login_hint"] = "bob", ["prompt"] = "login" },
            options.AuthorizeParams);
        Assert.Equal(UserInformationSource.Both, options.UserInformationSource);
        Assert.False(options.RequireVerifiedEmail);
        Assert.False(options.RequireVerifiedPhoneNumber);
        Assert.Equal("/bye", options.SignedOutRedirectUri);
        Assert.False(options.RevokeRefreshTokenOnSignOut);
        Assert.Equal("https://auth.example.com/signout", options.LogoutEndpoint);
        Assert.Equal("https://auth.example.com/revoke", options.RevocationEndpoint);
        Assert.Equal(TimeSpan.FromHours(6), options.AutomaticRefreshInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), options.RefreshInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ClockSkew);
        Assert.Equal(["openid", "email"], options.Scope);
        Assert.Equal("/signin-example", options.CallbackPath);
        var scheme = await app.Services.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>().GetSchemeAsync("Example");
        Assert.Equal("Sign in with Example", scheme!.DisplayName);
    }
}
