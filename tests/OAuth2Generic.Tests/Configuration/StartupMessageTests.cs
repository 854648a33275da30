using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Configuration;

/// <summary>
/// How a wrong configuration reads when the app stops at start-up: one problem per line, one message per mistake under
/// the option it was made in, the configuration section that was read, and placeholders left from an example.
/// </summary>
public sealed class StartupMessageTests
{
    [Fact]
    public async Task Several_problems_are_one_message_with_one_problem_per_line_under_the_schemes_name()
    {
        var exception = await StartAndExpectFailure(auth => auth.AddCognito(options =>
        {
            options.Domain = "myapp";
            options.Region = "us-east-1";
        }));

        var lines = Assert.Single(exception.Failures).Split('\n');
        Assert.Equal("Authentication scheme 'Cognito' has 2 configuration problems:", lines[0]);
        Assert.StartsWith("- ClientId is required", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("- ClientSecret is required", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain("; Authentication scheme", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_domain_is_reported_once_and_not_again_for_each_endpoint_made_from_it()
    {
        var exception = await StartAndExpectFailure(auth => auth.AddCognito(options =>
        {
            Valid(options);
            options.Domain = "http://auth.example.com";
        }));

        Assert.Equal(
            "Authentication scheme 'Cognito': Domain 'http://auth.example.com' is not HTTPS; only loopback hosts may use http.",
            Assert.Single(exception.Failures));
    }

    [Fact]
    public async Task An_endpoint_set_on_its_own_host_is_still_reported_next_to_a_wrong_domain()
    {
        var exception = await StartAndExpectFailure(auth => auth.AddCognito(options =>
        {
            Valid(options);
            options.Domain = "http://auth.example.com";
            options.RevocationEndpoint = "http://revoke.example.com/revoke";
        }));

        var lines = Assert.Single(exception.Failures).Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("- Domain 'http://auth.example.com' is not HTTPS", lines[1], StringComparison.Ordinal);
        Assert.Contains("- RevocationEndpoint resolves to 'http://revoke.example.com/revoke', which is not HTTPS", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relative_endpoints_without_a_site_are_one_problem_of_the_site()
    {
        var exception = await StartAndExpectFailure(auth => auth.AddOAuth2Generic("idp", options =>
        {
            options.ClientId = "id";
            options.ClientSecret = "secret";
            options.ClientOptions.UserInfoUrl = "/api/user";
        }));

        Assert.Equal(
            "Authentication scheme 'idp': ClientOptions:Site is required to resolve ClientOptions:AuthorizeUrl '/oauth/authorize', ClientOptions:TokenUrl '/oauth/token', ClientOptions:UserInfoUrl '/api/user', which are not absolute http(s) URLs.",
            Assert.Single(exception.Failures));
    }

    [Fact]
    public async Task Options_bound_from_a_section_name_it_and_a_missing_section_says_so()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Authentication:Cognitto:ClientId"] = "id",
        }).Build();

        var exception = await StartAndExpectFailure(auth => auth.AddCognito(configuration.GetSection("Authentication:Cognito")));

        var lines = Assert.Single(exception.Failures).Split('\n');
        Assert.Equal("Authentication scheme 'Cognito' (configuration section 'Authentication:Cognito') has 4 configuration problems:", lines[0]);
        Assert.StartsWith("- The configuration section 'Authentication:Cognito' is missing or empty", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("- Domain is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Options_bound_from_a_section_that_exists_name_it_without_calling_it_missing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:GitLab:ClientId"] = "id",
            ["Auth:GitLab:ClientSecret"] = "secret",
            ["Auth:GitLab:ClientOptions:Site"] = "https://gitlab.example.com",
        }).Build();

        var exception = await StartAndExpectFailure(auth => auth.AddOAuth2Generic("gitlab", configuration.GetSection("Auth:GitLab")));

        Assert.Equal(
            "Authentication scheme 'gitlab' (configuration section 'Auth:GitLab'): ClientOptions:UserInfoUrl (or UserInformationEndpoint) is required.",
            Assert.Single(exception.Failures));
    }

    public static TheoryData<Action<CognitoOptions>, string> Placeholders => new()
    {
        { options => options.ClientId = "<app client id>", "ClientId '<app client id>' is a placeholder (it has angle brackets): put the real value in its place." },
        { options => options.Domain = "https://<prefix>.auth.us-east-1.amazoncognito.com", "Domain 'https://<prefix>.auth.us-east-1.amazoncognito.com' is a placeholder" },
        { options => options.UserPoolId = "<user pool id>", "UserPoolId '<user pool id>' is a placeholder" },
        { options => options.Region = "us-east-1 ", "Region 'us-east-1 ' contains whitespace, which it cannot" },
        { options => options.ClientId = " id", "ClientId ' id' contains whitespace, which it cannot" },
        { options => options.Issuer = "https://cognito-idp.us-east-1.amazonaws.com/<pool>", "Issuer 'https://cognito-idp.us-east-1.amazonaws.com/<pool>' is a placeholder" },
    };

    [Theory]
    [MemberData(nameof(Placeholders))]
    public async Task A_value_left_as_a_placeholder_is_refused_saying_so(Action<CognitoOptions> misconfigure, string expected)
    {
        var exception = await StartAndExpectFailure(auth => auth.AddCognito(options =>
        {
            Valid(options);
            misconfigure(options);
        }));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_secret_left_as_a_placeholder_is_refused_without_quoting_it()
    {
        var exception = await StartAndExpectFailure(auth => auth.AddCognito(options =>
        {
            Valid(options);
            options.ClientSecret = "<app client secret>";
        }));

        Assert.Contains("ClientSecret is a placeholder in angle brackets", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<app client secret>", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my client id")]
    [InlineData("a<b")]
    public async Task A_client_id_with_a_space_inside_or_a_lone_bracket_is_not_a_placeholder(string clientId)
    {
        await using var app = TestApp.Build(
            auth => auth.AddCognito(options =>
            {
                Valid(options);
                options.ClientId = clientId;
            }),
            configuration: null, configureBuilder: null, out _, out _);

        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<OptionsValidationException> StartAndExpectFailure(Action<Microsoft.AspNetCore.Authentication.AuthenticationBuilder> addScheme)
    {
        await using var app = TestApp.Build(addScheme, configuration: null, configureBuilder: null, out _, out _);
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
