using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Configuration;

/// <summary>
/// Every registration that takes options binds <c>Authentication:Schemes:{scheme}</c> of the application's configuration
/// when it is given no section, as <c>AddJwtBearer()</c> binds <c>Authentication:Schemes:Bearer</c>; a delegate runs
/// after, so the code wins; a section given explicitly is read instead.
/// </summary>
public sealed class ConfigurationByConventionTests : IDisposable
{
    private readonly FakeCognito _cognito = new();

    public void Dispose() => _cognito.Dispose();

    [Fact]
    public async Task AddCognito_with_no_arguments_binds_Authentication_Schemes_Cognito_and_signs_a_user_in()
    {
        _cognito.Jwks();
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(), CognitoSection("Cognito"));
        var browser = app.NewSession();

        var (_, callback) = await _cognito.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(2, (await browser.ClaimsAsync())!.Count(claim => claim.Type == ClaimTypes.Role));
        Assert.Empty(_cognito.Provider.RequestsTo(FakeCognito.UserInfoPath));
    }

    [Fact]
    public async Task AddCognito_of_a_named_scheme_binds_that_schemes_section()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito("Staff"), CognitoSection("Staff"));

        var options = app.Services.GetRequiredService<IOptionsMonitor<CognitoOptions>>().Get("Staff");

        Assert.Equal(_cognito.Domain, options.Domain);
        Assert.Equal(FakeProvider.ClientId, options.ClientId);
        Assert.Equal(UserInformationSource.IdToken, options.UserInformationSource);
    }

    [Fact]
    public async Task AddCognitoJwtBearer_with_no_arguments_binds_Authentication_Schemes_CognitoJwtBearer()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddCognitoJwtBearer(), new Dictionary<string, string?>
        {
            ["Authentication:Schemes:CognitoJwtBearer:UserPoolId"] = "eu-west-1_AbC123xyz",
            ["Authentication:Schemes:CognitoJwtBearer:ClientIds:0"] = "web-app",
            ["Authentication:Schemes:CognitoJwtBearer:ClientIds:1"] = "service",
            ["Authentication:Schemes:CognitoJwtBearer:SaveToken"] = "true",
            ["Authentication:Schemes:CognitoJwtBearer:QueryTokenPaths"] = "/hubs/chat",
        });

        var options = app.Services.GetRequiredService<IOptionsMonitor<CognitoJwtBearerOptions>>().Get(CognitoJwtBearerDefaults.AuthenticationScheme);

        Assert.Equal("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz", options.Issuer);
        Assert.Equal(["web-app", "service"], options.ClientIds);
        Assert.True(options.SaveToken);
        Assert.Equal(["/hubs/chat"], options.QueryTokenPaths.Select(path => path.Value));
    }

    [Fact]
    public async Task AddOAuth2Generic_of_a_scheme_binds_its_section_in_GitLabs_shape_too()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("gitlab"), new Dictionary<string, string?>
        {
            ["Authentication:Schemes:gitlab:app_id"] = "gitlab-id",
            ["Authentication:Schemes:gitlab:app_secret"] = "gitlab-secret",
            ["Authentication:Schemes:gitlab:args:client_options:site"] = "https://gitlab.example.com",
            ["Authentication:Schemes:gitlab:args:client_options:user_info_url"] = "/api/v4/user",
            ["Authentication:Schemes:gitlab:args:scope"] = "read_user openid",
        });

        var options = app.Services.GetRequiredService<IOptionsMonitor<OAuth2GenericOptions>>().Get("gitlab");

        Assert.Equal("gitlab-id", options.ClientId);
        Assert.Equal("https://gitlab.example.com/api/v4/user", options.UserInformationEndpoint);
        Assert.Equal(["read_user", "openid"], options.Scope);
    }

    [Fact]
    public async Task A_delegate_runs_after_the_conventions_section_so_the_code_wins()
    {
        var configuration = CognitoSection("Cognito");
        configuration["Authentication:Schemes:Cognito:Prompt"] = "login";
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(options => options.ClientSecret = "from-code"), configuration);

        var options = app.Services.GetRequiredService<IOptionsMonitor<CognitoOptions>>().Get(CognitoDefaults.AuthenticationScheme);

        Assert.Equal("from-code", options.ClientSecret);
        Assert.Equal(_cognito.Domain, options.Domain);
        Assert.Equal("login", options.Prompt);
    }

    [Fact]
    public async Task A_section_given_explicitly_is_read_instead_of_the_conventions()
    {
        var configuration = CognitoSection("Cognito");
        configuration["Authentication:Schemes:Cognito:Prompt"] = "login";
        var explicitSection = new ConfigurationBuilder().AddInMemoryCollection(CognitoSection("Cognito")).Build().GetSection("Authentication:Schemes:Cognito");
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(explicitSection), configuration);

        var options = app.Services.GetRequiredService<IOptionsMonitor<CognitoOptions>>().Get(CognitoDefaults.AuthenticationScheme);

        Assert.Null(options.Prompt);
    }

    [Fact]
    public async Task AddCognito_with_no_arguments_and_no_section_names_the_section_at_start_up()
    {
        await using var app = TestApp.Build(auth => auth.AddCognito(), configuration: null, configureBuilder: null, out _, out _);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("The configuration section 'Authentication:Schemes:Cognito' is missing or empty", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Cognito_scheme_without_UserPoolId_warns_once_at_start_up_that_id_tokens_are_not_validated()
    {
        var withoutPool = CognitoSection("Cognito");
        withoutPool.Remove("Authentication:Schemes:Cognito:UserPoolId");
        withoutPool.Remove("Authentication:Schemes:Cognito:Issuer");
        withoutPool["Authentication:Schemes:Cognito:UserInformationSource"] = "UserInfo";
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(), withoutPool);
        await using var validating = await TestApp.StartAsync(auth => auth.AddCognito(), CognitoSection("Cognito"));

        var warning = Assert.Single(app.Logs.Lines, line => line.EventId.Name == "IdTokenNotValidated");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("Scheme Cognito has no UserPoolId (nor Issuer): it cannot validate id_tokens", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(validating.Logs.Lines, line => line.EventId.Name == "IdTokenNotValidated");
    }

    private Dictionary<string, string?> CognitoSection(string scheme) => new()
    {
        [$"Authentication:Schemes:{scheme}:Domain"] = _cognito.Domain,
        [$"Authentication:Schemes:{scheme}:Region"] = "us-east-1",
        [$"Authentication:Schemes:{scheme}:UserPoolId"] = FakeCognito.UserPoolId,
        [$"Authentication:Schemes:{scheme}:Issuer"] = _cognito.Issuer,
        [$"Authentication:Schemes:{scheme}:ClientId"] = FakeProvider.ClientId,
        [$"Authentication:Schemes:{scheme}:ClientSecret"] = FakeProvider.ClientSecret,
        [$"Authentication:Schemes:{scheme}:UserInformationSource"] = "IdToken",
    };
}
