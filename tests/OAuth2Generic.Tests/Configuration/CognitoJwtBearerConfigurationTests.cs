using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Configuration;

/// <summary>
/// <c>AddCognitoJwtBearer</c>'s options: bound from configuration, completed (region and issuer from the user pool id),
/// and a wrong configuration stops <c>app.StartAsync()</c> naming the option.
/// </summary>
public sealed class CognitoJwtBearerConfigurationTests
{
    public static TheoryData<string, Action<CognitoJwtBearerOptions>> Misconfigurations => new()
    {
        { "Authentication scheme 'CognitoJwtBearer': UserPoolId is required (for example us-east-1_AbC123xyz), or Issuer", options => options.UserPoolId = null },
        { "UserPoolId 'AbC123xyz' is not a user pool id, which looks like {region}_{id}", options => options.UserPoolId = "AbC123xyz" },
        { "Region is 'eu-west-1', but UserPoolId 'us-east-1_AbC123xyz' is in 'us-east-1'.", options => options.Region = "eu-west-1" },
        { "ClientIds is required: the app clients whose tokens this API accepts", options => options.ClientIds.Clear() },
        { "ClientIds cannot hold an empty app client id.", options => options.ClientIds.Add(" ") },
        { "Issuer 'http://issuer.example.com/pool' is not HTTPS; only loopback hosts may use http.", options => options.Issuer = "http://issuer.example.com/pool" },
        { "TokenUse must be Access, Id or Any, not 7.", options => options.TokenUse = (CognitoTokenUse)7 },
        { "RefreshInterval and ClockSkew cannot be negative", options => options.ClockSkew = TimeSpan.FromSeconds(-1) },
        { "ValidationCacheSizeLimit cannot be negative: it is the cache's memory in bytes; 0 turns the cache off.", options => options.ValidationCacheSizeLimit = -1 },
        { "ValidationCacheMaxTokenSize must be more than 0", options => options.ValidationCacheMaxTokenSize = 0 },
        { "ClockSkew 01:00:01 is more than an hour", options => options.ClockSkew = TimeSpan.FromSeconds(3601) },
        { "BackchannelTimeout must be positive.", options => options.BackchannelTimeout = TimeSpan.Zero },
        { "BackchannelMaxResponseSize must be between 1 and", options => options.BackchannelMaxResponseSize = 0 },
        { "QueryTokenPaths cannot hold an empty path or '/': it would accept a token in the URL of every request.", options => options.QueryTokenPaths.Add("/") },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public async Task A_misconfiguration_stops_the_app_at_start_up_naming_the_option(string expected, Action<CognitoJwtBearerOptions> misconfigure)
    {
        await using var app = TestApp.Build(
            auth => auth.AddCognitoJwtBearer(options =>
            {
                Valid(options);
                misconfigure(options);
            }),
            configuration: null, configureBuilder: null, out _, out _);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_issuer_is_made_from_the_user_pool_id_alone()
    {
        var options = Resolve(auth => auth.AddCognitoJwtBearer(Valid));

        Assert.Equal("us-east-1", options.Region);
        Assert.Equal("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyz", options.EffectiveIssuer);
    }

    [Fact]
    public void The_options_bind_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:UserPoolId"] = "eu-west-1_Pool1",
            ["Api:ClientIds:0"] = "client-a",
            ["Api:ClientIds:1"] = "client-b",
            ["Api:TokenUse"] = "Any",
            ["Api:ClockSkew"] = "00:00:30",
            ["Api:RefreshInterval"] = "00:01:00",
            ["Api:AcceptTokensWithoutKeyId"] = "true",
            ["Api:ValidationCacheSizeLimit"] = "4294967296",
            ["Api:ValidationCacheMaxTokenSize"] = "16384",
        }).Build();

        var options = Resolve(auth => auth.AddCognitoJwtBearer("api", configuration.GetSection("Api")), "api");

        Assert.Equal("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1", options.EffectiveIssuer);
        Assert.Equal(["client-a", "client-b"], options.ClientIds);
        Assert.Equal(CognitoTokenUse.Any, options.TokenUse);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ClockSkew);
        Assert.Equal(TimeSpan.FromMinutes(1), options.RefreshInterval);
        Assert.True(options.AcceptTokensWithoutKeyId);
        Assert.Equal(4L * 1024 * 1024 * 1024, options.ValidationCacheSizeLimit);
        Assert.Equal(16_384, options.ValidationCacheMaxTokenSize);
    }

    [Fact]
    public void One_client_id_binds_as_a_single_string()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:UserPoolId"] = "eu-west-1_Pool1",
            ["Api:ClientId"] = "client-a",
        }).Build();

        var options = Resolve(auth => auth.AddCognitoJwtBearer(configuration.GetSection("Api")));

        Assert.Equal(["client-a"], options.ClientIds);
    }

    [Fact]
    public async Task A_configuration_section_that_lacks_the_client_ids_names_the_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Authentication:CognitoApi:UserPoolId"] = "eu-west-1_Pool1",
        }).Build();
        await using var app = TestApp.Build(
            auth => auth.AddCognitoJwtBearer(configuration.GetSection("Authentication:CognitoApi")), configuration: null, configureBuilder: null, out _, out _);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Authentication:CognitoApi", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ClientIds is required", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sign_in_scheme_and_an_api_scheme_of_one_user_pool_share_its_signing_keys()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuthentication()
            .AddCognito(options =>
            {
                options.ClientId = "web-client";
                options.ClientSecret = "secret";
                options.Domain = "myapp";
                options.Region = "us-east-1";
                options.UserPoolId = "us-east-1_AbC123xyz";
            })
            .AddCognitoJwtBearer(Valid)
            .AddCognitoJwtBearer("otherPool", options =>
            {
                Valid(options);
                options.UserPoolId = "us-east-1_Other1";
            });
        using var provider = services.BuildServiceProvider();

        var signIn = provider.GetRequiredService<IOptionsMonitor<CognitoOptions>>().Get(CognitoDefaults.AuthenticationScheme);
        var api = provider.GetRequiredService<IOptionsMonitor<CognitoJwtBearerOptions>>().Get(CognitoJwtBearerDefaults.AuthenticationScheme);
        var otherPool = provider.GetRequiredService<IOptionsMonitor<CognitoJwtBearerOptions>>().Get("otherPool");

        Assert.Same(signIn.SigningKeys, api.SigningKeys);
        Assert.NotSame(api.SigningKeys, otherPool.SigningKeys);
        Assert.Equal("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyz/.well-known/jwks.json", api.SigningKeys.JwksUrl);
    }

    private static CognitoJwtBearerOptions Resolve(Action<Microsoft.AspNetCore.Authentication.AuthenticationBuilder> add, string scheme = CognitoJwtBearerDefaults.AuthenticationScheme)
    {
        var services = new ServiceCollection().AddLogging();
        add(services.AddAuthentication());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<CognitoJwtBearerOptions>>().Get(scheme);
    }

    private static void Valid(CognitoJwtBearerOptions options)
    {
        options.UserPoolId = "us-east-1_AbC123xyz";
        options.ClientIds = ["api-client"];
    }
}
