using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.Discovery;

/// <summary>
/// A generic scheme with an Authority takes its endpoints from the provider's discovery document, fetched through the
/// provider client at the first sign-in, checked (the issuer must be the Authority), kept, and overridden by any
/// endpoint set explicitly; a document that cannot be had fails the sign-in, not the start-up.
/// </summary>
public sealed class DiscoveryTests : IDisposable
{
    private readonly FakeOidcProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task Authority_ClientId_and_ClientSecret_alone_sign_a_user_in_through_the_discovered_endpoints()
    {
        _provider.Discovery().Jwks().UserInfo();
        await using var app = await StartApp();
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await _provider.SignInAsync(browser);
        await _provider.SignInAsync(app.NewSession());

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(_provider.Issuer + "/authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
        Assert.Equal(2, _provider.Provider.RequestsTo(FakeOidcProvider.TokenPath).Count);
        Assert.Equal(2, _provider.Provider.RequestsTo(FakeOidcProvider.UserInfoPath).Count);

        // Kept: one document and one key set for both sign-ins.
        Assert.Single(_provider.Provider.RequestsTo(FakeOidcProvider.DiscoveryPath));
        Assert.Single(_provider.Provider.RequestsTo(FakeOidcProvider.JwksPath));
    }

    [Fact]
    public async Task An_endpoint_set_explicitly_wins_over_the_discovered_one()
    {
        _provider.Discovery().Jwks();
        _provider.Provider.UserInfo("/my-userinfo", $$"""{"sub":"{{FakeOidcProvider.Subject}}","name":"Explicit"}""");
        await using var app = await StartApp(options =>
        {
            options.ClientOptions.AuthorizeUrl = "https://login.example/explicit-authorize";
            options.UserInformationEndpoint = _provider.Issuer + "/my-userinfo";
        });
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await _provider.SignInAsync(browser);

        Assert.Equal("https://login.example/explicit-authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Single(_provider.Provider.RequestsTo("/my-userinfo"));
        Assert.Empty(_provider.Provider.RequestsTo(FakeOidcProvider.UserInfoPath));
        Assert.Single(_provider.Provider.RequestsTo(FakeOidcProvider.TokenPath));
    }

    [Fact]
    public async Task A_discovery_document_whose_issuer_is_not_the_authority_sends_the_browser_nowhere()
    {
        _provider.Discovery(issuer: "https://attacker.example").Jwks().UserInfo();
        await using var app = await StartApp();

        using var challenge = await app.NewSession().GetAsync("/challenge/oidc");

        Assert.Equal(HttpStatusCode.BadGateway, challenge.StatusCode);
        Assert.Null(challenge.Headers.Location);
        var failure = await DiscoverAsync(app);
        Assert.Equal(FailureStep.Discovery, failure.Step);
        Assert.Equal(OAuth2GenericFailureReasons.DiscoveryFailed, failure.Reason);
        Assert.False(failure.IsTransient);
        Assert.Contains("names the issuer 'https://attacker.example', not the Authority", failure.Message, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Lines, line => line.Message.Contains("Sign-in failed at step Discovery (discovery_failed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_discovery_document_fails_the_first_sign_in_as_transient_not_the_start_up()
    {
        var closed = $"http://127.0.0.1:{FakeProvider.FreePort()}";
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("oidc", options =>
        {
            _provider.Configure(options);
            options.Authority = closed;
        }));

        using var challenge = await app.NewSession().GetAsync("/challenge/oidc");

        Assert.Equal(HttpStatusCode.BadGateway, challenge.StatusCode);
        var failure = await DiscoverAsync(app);
        Assert.True(failure.IsTransient);
        Assert.Equal(OAuth2GenericFailureReasons.ProviderUnreachable, failure.Reason);
        Assert.StartsWith($"The provider's discovery document could not be read from {closed}/.well-known/openid-configuration.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_with_only_the_RFC_8414_document_is_discovered_there()
    {
        var document = $$"""
            {"issuer":"{{_provider.Issuer}}","authorization_endpoint":"{{_provider.Issuer}}/authorize","token_endpoint":"{{_provider.Issuer}}/token",
             "userinfo_endpoint":"{{_provider.Issuer}}/userinfo","jwks_uri":"{{_provider.Issuer}}/keys"}
            """;
        _provider.Provider.Respond(Request.Create().WithPath("/.well-known/oauth-authorization-server").UsingGet(), 200, document, "application/json");
        _provider.Provider.Respond(Request.Create().WithPath(FakeOidcProvider.DiscoveryPath).UsingGet(), 404, "not here", "text/plain");
        _provider.Jwks().UserInfo();
        await using var app = await StartApp();

        var (_, callback) = await _provider.SignInAsync(app.NewSession());

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Empty(app.Failures);
    }

    [Fact]
    public async Task A_discovery_document_without_a_user_info_endpoint_fails_a_user_info_sign_in_naming_what_to_set()
    {
        _provider.Discovery(change: document => document.Remove("userinfo_endpoint")).Jwks();
        await using var app = await StartApp();

        var (_, callback) = await _provider.SignInAsync(app.NewSession());

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.UserInformation, failure.Step);
        Assert.Contains("names no userinfo_endpoint: set UserInformationSource to IdToken", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_discovery_document_without_a_token_endpoint_sends_the_browser_nowhere()
    {
        _provider.Discovery(change: document => document.Remove("token_endpoint")).Jwks();
        await using var app = await StartApp();

        using var challenge = await app.NewSession().GetAsync("/challenge/oidc");

        Assert.Equal(HttpStatusCode.BadGateway, challenge.StatusCode);
        var failure = await DiscoverAsync(app);
        Assert.Equal(OAuth2GenericFailureReasons.DiscoveryFailed, failure.Reason);
        Assert.Contains("names no token_endpoint (or set ClientOptions:TokenUrl)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_given_another_Authority_read_that_providers_document_not_the_one_kept()
    {
        // What a copy of a scheme's options made for another tenant does: the kept document is the first provider's.
        using var other = new FakeOidcProvider();
        _provider.Discovery().Jwks();
        other.Discovery().Jwks();
        await using var app = await StartApp();
        var options = app.Services.GetRequiredService<IOptionsMonitor<OAuth2GenericOptions>>().Get("oidc");
        var first = await options.DiscoverAsync(TimeProvider.System, NullLogger.Instance, TestContext.Current.CancellationToken);

        options.Authority = other.Issuer;
        var second = await options.DiscoverAsync(TimeProvider.System, NullLogger.Instance, TestContext.Current.CancellationToken);

        Assert.Equal(_provider.Issuer, first!.Issuer);
        Assert.Equal(other.Issuer, second!.Issuer);
        Assert.Equal(other.Issuer + "/authorize", options.AuthorizationEndpoint);
    }

    public static TheoryData<string, Action<OAuth2GenericOptions>> Misconfigurations => new()
    {
        { "Authority 'idp.example.com/realms/main' is not an absolute http(s) URL.", options => options.Authority = "idp.example.com/realms/main" },
        { "Authority 'http://idp.example' is not HTTPS", options => options.Authority = "http://idp.example" },
        { "Scope must include openid when Authority is set", options => options.Scope.Add("email") },
        { "UserInformationSource IdToken takes claims from the id_token, which is validated only when Authority is set.", options => { options.Authority = null; options.ClientOptions.Site = "https://idp.example"; options.ClientOptions.UserInfoUrl = "/me"; options.UserInformationSource = UserInformationSource.IdToken; } },
        { "SignedOutCallbackPath must differ from CallbackPath", options => options.SignedOutCallbackPath = "/signin-oidc" },
        { "MetadataAddress needs Authority", options => { options.Authority = null; options.ClientOptions.Site = "https://idp.example"; options.ClientOptions.UserInfoUrl = "/me"; options.MetadataAddress = "https://idp.example/meta"; } },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public async Task A_misconfiguration_stops_the_app_at_start_up_naming_the_option(string expected, Action<OAuth2GenericOptions> misconfigure)
    {
        await using var app = TestApp.Build(
            auth => auth.AddOAuth2Generic("oidc", options =>
            {
                _provider.Configure(options);
                misconfigure(options);
            }),
            configuration: null, configureBuilder: null, out _, out _);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.Empty(_provider.Provider.RequestsTo(FakeOidcProvider.DiscoveryPath));
    }

    // The failure the sign-in met, read again from the scheme's discovery (which reports the kept failure within RefreshInterval).
    private static async Task<OAuth2GenericException> DiscoverAsync(TestApp app)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<OAuth2GenericOptions>>().Get("oidc");
        return await Assert.ThrowsAsync<OAuth2GenericException>(
            async () => await options.DiscoverAsync(TimeProvider.System, NullLogger.Instance, TestContext.Current.CancellationToken));
    }

    private Task<TestApp> StartApp(Action<OAuth2GenericOptions>? configure = null) =>
        TestApp.StartAsync(auth => auth.AddOAuth2Generic("oidc", options =>
        {
            _provider.Configure(options);
            configure?.Invoke(options);
        }));
}
