using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OAuth2Generic.Tests.Configuration;

/// <summary>A wrong configuration stops <c>app.StartAsync()</c>, with the option's name in the message.</summary>
public sealed class StartupValidationTests
{
    private const string Site = "https://idp.example.com";

    public static TheoryData<string, Action<OAuth2GenericOptions>> Misconfigurations => new()
    {
        { "Authentication scheme 'idp': ClientId is required", options => options.ClientId = "" },
        { "ClientSecret is required when ClientOptions:AuthScheme is BasicAuth", options => options.ClientSecret = null! },
        { "ClientSecret is required when ClientOptions:AuthScheme is RequestBody", options => { options.ClientSecret = ""; options.ClientOptions.AuthScheme = ClientAuthScheme.RequestBody; } },
        { "UsePkce must be true when ClientOptions:AuthScheme is None", options => { options.ClientOptions.AuthScheme = ClientAuthScheme.None; options.UsePkce = false; } },
        { "ClientOptions:UserInfoUrl (or UserInformationEndpoint) is required", options => options.ClientOptions.UserInfoUrl = null },
        { "ClientOptions:Site is required to resolve ClientOptions:AuthorizeUrl '/oauth/authorize', ClientOptions:TokenUrl '/oauth/token', ClientOptions:UserInfoUrl '/api/user', which are not absolute http(s) URLs.", options => options.ClientOptions.Site = null },
        { "ClientOptions:Site 'idp.example.com' is not an absolute http(s) URL", options => options.ClientOptions.Site = "idp.example.com" },
        { "ClientOptions:TokenUrl resolves to 'http://idp.example.com/oauth/token', which is not HTTPS", options => options.ClientOptions.TokenUrl = "http://idp.example.com/oauth/token" },
        { "ClientOptions:Site 'http://idp.example.com' is not HTTPS; only loopback hosts may use http.", options => options.ClientOptions.Site = "http://idp.example.com" },
        { "ClientOptions:UserInfoUrl 'ftp://idp.example.com/user' cannot be resolved", options => options.ClientOptions.UserInfoUrl = "ftp://idp.example.com/user" },
        { "RedirectUrl '/signin' is not an absolute http(s) URL.", options => options.RedirectUrl = "/signin" },
        { "CallbackPath cannot be '/'", options => options.RedirectUrl = "https://app.example" },
        { "BackchannelHttpHandler follows redirects", options => options.BackchannelHttpHandler = new HttpClientHandler() },
        { "BackchannelHttpHandler follows redirects", options => options.BackchannelHttpHandler = new PassThroughHandler(new SocketsHttpHandler()) },
        { "AuthorizeParams:state cannot be set", options => options.AuthorizeParams["state"] = "fixed" },
        { "AdditionalAuthorizationParameters:redirect_uri cannot be set", options => options.AdditionalAuthorizationParameters["redirect_uri"] = "https://evil.example" },
        { "TokenParams:client_secret cannot be set", options => options.TokenParams["client_secret"] = "x" },
        { "AuthTokenParams:HeaderFormat must contain {0}", options => options.AuthTokenParams.HeaderFormat = "Bearer" },
        { "AuthTokenParams:ParamName is required when AuthTokenParams:Mode is Query", options => { options.AuthTokenParams.Mode = AuthTokenMode.Query; options.AuthTokenParams.ParamName = ""; } },
        { "BackchannelTimeout must be positive.", options => options.BackchannelTimeout = TimeSpan.Zero },
        { "BackchannelMaxResponseSize must be between 1 and", options => options.BackchannelMaxResponseSize = 0 },
        // An array holds at most Array.MaxLength bytes: a larger limit would let a body be cut short instead of refused.
        { $"BackchannelMaxResponseSize must be between 1 and {Array.MaxLength - 1} bytes.", options => options.BackchannelMaxResponseSize = int.MaxValue },
        { $"UserResponseStructure:Attributes:{ClaimTypes.NameIdentifier} cannot be set: the user's id (ClaimTypes.NameIdentifier) comes from UserResponseStructure:IdPath alone.", options => options.UserResponseStructure.Attributes[ClaimTypes.NameIdentifier] = UserResponsePath.Relative("login") },
        { $"UserResponseStructure:Attributes:{ClaimTypes.NameIdentifier.ToUpperInvariant()} cannot be set", options => options.UserResponseStructure.Attributes[ClaimTypes.NameIdentifier.ToUpperInvariant()] = UserResponsePath.Relative("login") },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public async Task A_misconfiguration_stops_the_app_at_start_up_naming_the_option(string expected, Action<OAuth2GenericOptions> misconfigure)
    {
        await using var app = TestApp.Build(
            auth => auth.AddOAuth2Generic("idp", options =>
            {
                Valid(options);
                misconfigure(options);
            }),
            configuration: null, configureBuilder: null, out _, out _);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        await using var app = TestApp.Build(
            auth => auth.AddOAuth2Generic("idp", options =>
            {
                options.ClientOptions.UserInfoUrl = "/user";
            }),
            configuration: null, configureBuilder: null, out _, out _);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(exception.Failures, failure => failure.Contains("ClientId is required", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, failure => failure.Contains("ClientSecret is required", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, failure => failure.Contains("ClientOptions:TokenUrl '/oauth/token'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_public_client_needs_no_secret_and_a_loopback_provider_may_use_http()
    {
        await using var app = TestApp.Build(
            auth => auth.AddOAuth2Generic("idp", options =>
            {
                Valid(options);
                options.ClientSecret = null!;
                options.ClientOptions.AuthScheme = ClientAuthScheme.None;
                options.ClientOptions.Site = "http://127.0.0.1:8080/";
            }),
            configuration: null, configureBuilder: null, out _, out _);

        await app.StartAsync(TestContext.Current.CancellationToken);

        var options = app.Services.GetRequiredService<IOptionsMonitor<OAuth2GenericOptions>>().Get("idp");
        Assert.Equal("http://127.0.0.1:8080/oauth/token", options.TokenEndpoint);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_configuration_value_of_the_wrong_form_stops_the_app_naming_its_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:app_id"] = "id",
            ["Auth:app_secret"] = "secret",
            ["Auth:args:client_options:site"] = Site,
            ["Auth:args:client_options:user_info_url"] = "/user",
            ["Auth:args:client_options:auth_scheme"] = "private_key_jwt",
        }).Build();
        await using var app = TestApp.Build(
            auth => auth.AddOAuth2Generic("idp", configuration.GetSection("Auth")),
            configuration: null, configureBuilder: null, out _, out _);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("Configuration value 'Auth:args:client_options:auth_scheme' must be one of BasicAuth, RequestBody, None.", exception.Message);
    }

    private sealed class PassThroughHandler(HttpMessageHandler inner) : DelegatingHandler(inner);

    private static void Valid(OAuth2GenericOptions options)
    {
        options.ClientId = "id";
        options.ClientSecret = "secret";
        options.ClientOptions.Site = Site;
        options.ClientOptions.UserInfoUrl = "/api/user";
    }
}
