using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Configuration;

/// <summary>A wrong Cognito configuration stops <c>app.StartAsync()</c>, naming the option.</summary>
public sealed class CognitoStartupValidationTests
{
    public static TheoryData<string, Action<CognitoOptions>> Misconfigurations => new()
    {
        { "Authentication scheme 'Cognito': Domain is required", options => options.Domain = null },
        { "Domain 'auth.example.com' is neither an absolute https URL nor a domain prefix", options => options.Domain = "auth.example.com" },
        { "Domain 'My_App' is neither an absolute https URL nor a domain prefix", options => options.Domain = "My_App" },
        { "Domain '-myapp' is neither", options => options.Domain = "-myapp" },
        { "Domain 'http://auth.example.com' is not HTTPS", options => options.Domain = "http://auth.example.com" },
        { "Domain 'https://auth.example.com/?x=1' cannot have a path, a query or a fragment", options => options.Domain = "https://auth.example.com/?x=1" },
        { "Domain 'https://myapp.auth.eu-west-1.amazoncognito.com/oauth2' cannot have a path", options => options.Domain = "https://myapp.auth.eu-west-1.amazoncognito.com/oauth2" },
        { "Domain 'https://myapp.auth.eu-west-1.amazoncognito.com' is in 'eu-west-1', but Region is 'us-east-1'.", options => options.Domain = "https://myapp.auth.eu-west-1.amazoncognito.com" },
        { "Domain 'https://myapp.auth.eu-west-1.amazoncognito.com' is in 'eu-west-1', but UserPoolId 'us-east-1_AbC123xyz' is in 'us-east-1'.", options => { options.Domain = "https://myapp.auth.eu-west-1.amazoncognito.com"; options.Region = null; options.UserPoolId = "us-east-1_AbC123xyz"; options.Issuer = "https://issuer.example.com/pool"; } },
        { "Region is required when Domain is a prefix ('myapp')", options => options.Region = null },
        { "Region is required when Domain is a prefix ('myapp'): the domain is https://myapp.auth.{Region}.amazoncognito.com (UserPoolId suggests 'eu-west-1')", options => { options.Region = null; options.UserPoolId = "eu-west-1_AbC123xyz"; } },
        { "Region 'useast1' is not an AWS region name", options => options.Region = "useast1" },
        { "UserPoolId 'AbC123xyz' is not a user pool id, which looks like {region}_{id}", options => options.UserPoolId = "AbC123xyz" },
        { "UserPoolId 'us-east-1_' is not a user pool id", options => options.UserPoolId = "us-east-1_" },
        { "Region 'us-east-1' disagrees with UserPoolId 'eu-west-1_AbC123xyz', which is in 'eu-west-1'.", options => options.UserPoolId = "eu-west-1_AbC123xyz" },
        { "Region is required with UserPoolId: set it to 'us-east-1'", options => { options.Domain = "https://auth.example.com"; options.Region = null; options.UserPoolId = "us-east-1_AbC123xyz"; } },
        { "Issuer 'http://issuer.example.com/pool' is not HTTPS; only loopback hosts may use http.", options => options.Issuer = "http://issuer.example.com/pool" },
        { "Issuer 'issuer.example.com/pool' is not an absolute http(s) URL.", options => options.Issuer = "issuer.example.com/pool" },
        { "UserInformationSource IdToken takes claims from the id_token, which is validated only when Region and UserPoolId (or Issuer) are set.", options => options.UserInformationSource = UserInformationSource.IdToken },
        { "UserInformationSource Both takes claims from the id_token", options => options.UserInformationSource = UserInformationSource.Both },
        { "Scope must include openid when the id_token is validated", options => { options.UserPoolId = "us-east-1_AbC123xyz"; options.Scope.Remove("openid"); } },
        { "Scope must include openid when the id_token is validated", options => { options.UserPoolId = "us-east-1_AbC123xyz"; options.AuthorizeParams["scope"] = "email"; } },
        { "Scope must include openid when the id_token is validated", options => { options.UserPoolId = "us-east-1_AbC123xyz"; options.Scope.Remove("openid"); options.AuthorizeParams["scope"] = "openid"; } },
        { "SignedOutRedirectUri 'signed-out' must be a path starting with '/' or an absolute http(s) URL", options => options.SignedOutRedirectUri = "signed-out" },
        { "SignedOutRedirectUri '//evil.example' must be a path starting with '/'", options => options.SignedOutRedirectUri = "//evil.example" },
        { "LogoutEndpoint resolves to 'http://auth.example.com/logout', which is not HTTPS", options => options.LogoutEndpoint = "http://auth.example.com/logout" },
        { "ClientSecret is required when ClientOptions:AuthScheme is BasicAuth", options => options.ClientSecret = null! },
        { "UsePkce must be true when ClientOptions:AuthScheme is None", options => { options.ClientSecret = null!; options.ClientOptions.AuthScheme = ClientAuthScheme.None; options.UsePkce = false; } },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public async Task A_misconfiguration_stops_the_app_at_start_up_naming_the_option(string expected, Action<CognitoOptions> misconfigure)
    {
        var exception = await StartAndExpectFailure(options =>
        {
            Valid(options);
            misconfigure(options);
        });

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_domain_is_reported_once_in_its_own_name()
    {
        var exception = await StartAndExpectFailure(options =>
        {
            Valid(options);
            options.Domain = null;
        });

        Assert.StartsWith("Authentication scheme 'Cognito': Domain is required", Assert.Single(exception.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("myapp", "us-east-1", null)]
    [InlineData("https://myapp.auth.us-east-1.amazoncognito.com", null, null)]
    [InlineData("https://auth.example.com", "eu-central-1", "eu-central-1_AbC123xyz")]
    [InlineData("http://127.0.0.1:9000", null, null)]
    public async Task Each_good_form_starts(string domain, string? region, string? userPoolId)
    {
        await using var app = TestApp.Build(
            auth => auth.AddCognito(options =>
            {
                Valid(options);
                options.Domain = domain;
                options.Region = region;
                options.UserPoolId = userPoolId;
            }),
            configuration: null, configureBuilder: null, out _, out _);

        await app.StartAsync(TestContext.Current.CancellationToken);

        var options = app.Services.GetRequiredService<IOptionsMonitor<CognitoOptions>>().Get(CognitoDefaults.AuthenticationScheme);
        Assert.Equal(userPoolId is null ? null : $"https://cognito-idp.{region}.amazonaws.com/{userPoolId}", options.Issuer);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<OptionsValidationException> StartAndExpectFailure(Action<CognitoOptions> configure)
    {
        await using var app = TestApp.Build(auth => auth.AddCognito(configure), configuration: null, configureBuilder: null, out _, out _);
        return await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
    }

    private static void Valid(CognitoOptions options)
    {
        options.ClientId = "id";
        options.ClientSecret = "secret";
        options.Domain = "myapp";
        options.Region = "us-east-1";
    }
}
