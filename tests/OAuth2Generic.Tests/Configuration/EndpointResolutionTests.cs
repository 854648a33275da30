using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.Configuration;

/// <summary>Endpoint URLs, relative to <c>ClientOptions:Site</c> as the Ruby strategy resolves them, or absolute.</summary>
public sealed class EndpointResolutionTests : IDisposable
{
    private readonly FakeProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task Relative_URLs_without_a_leading_slash_go_under_the_site_path()
    {
        _provider
            .Token("/realms/demo/protocol/openid-connect/token")
            .UserInfo("/realms/demo/protocol/openid-connect/userinfo", FakeProvider.UserJson);

        var authorizeUrl = await SignIn(options =>
        {
            options.ClientOptions.Site = _provider.Url + "/realms/demo";
            options.ClientOptions.AuthorizeUrl = "protocol/openid-connect/auth";
            options.ClientOptions.TokenUrl = "protocol/openid-connect/token";
            options.ClientOptions.UserInfoUrl = "protocol/openid-connect/userinfo";
        });

        Assert.Equal(_provider.Url + "/realms/demo/protocol/openid-connect/auth", authorizeUrl.GetLeftPart(UriPartial.Path));
        Assert.Single(_provider.RequestsTo("/realms/demo/protocol/openid-connect/token"));
        Assert.Single(_provider.RequestsTo("/realms/demo/protocol/openid-connect/userinfo"));
    }

    [Fact]
    public async Task Relative_URLs_with_a_leading_slash_start_at_the_host_root_and_keep_their_query()
    {
        _provider.Token("/oauth/token").UserInfo("/api/v4/user", FakeProvider.UserJson);

        var authorizeUrl = await SignIn(options =>
        {
            options.ClientOptions.Site = _provider.Url + "/gitlab/";
            options.ClientOptions.AuthorizeUrl = "/oauth/authorize?tenant=blue";
            options.ClientOptions.TokenUrl = "/oauth/token";
            options.ClientOptions.UserInfoUrl = "/api/v4/user";
        });

        Assert.Equal(_provider.Url + "/oauth/authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
        Assert.Equal("blue", BrowserSession.Parameters(authorizeUrl)["tenant"]);
        Assert.Single(_provider.RequestsTo("/oauth/token"));
        Assert.Single(_provider.RequestsTo("/api/v4/user"));
    }

    [Fact]
    public async Task Absolute_URLs_are_used_as_they_are_whatever_the_site()
    {
        using var other = new FakeProvider();
        other.UserInfo("/me", FakeProvider.UserJson);
        _provider.Token("/token");

        var authorizeUrl = await SignIn(options =>
        {
            options.ClientOptions.Site = "https://unused.example.com/base";
            options.ClientOptions.AuthorizeUrl = "https://login.example.com/authorize";
            options.ClientOptions.TokenUrl = _provider.Url + "/token";
            options.ClientOptions.UserInfoUrl = other.Url + "/me";
        });

        Assert.Equal("https://login.example.com/authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
        Assert.Single(_provider.RequestsTo("/token"));
        Assert.Single(other.RequestsTo("/me"));
    }

    [Fact]
    public async Task Endpoints_set_directly_in_the_framework_properties_work_without_a_site()
    {
        _provider.Token("/connect/token").UserInfo("/connect/userinfo", FakeProvider.UserJson);

        var authorizeUrl = await SignIn(options =>
        {
            options.ClientOptions.Site = null;
            options.ClientOptions.UserInfoUrl = null;
            options.AuthorizationEndpoint = _provider.Url + "/connect/authorize";
            options.TokenEndpoint = _provider.Url + "/connect/token";
            options.UserInformationEndpoint = _provider.Url + "/connect/userinfo";
        });

        Assert.Equal(_provider.Url + "/connect/authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
        Assert.Single(_provider.RequestsTo("/connect/token"));
    }

    private Task<Uri> SignIn(Action<OAuth2GenericOptions> configure) => TestApp.SignInSuccessfullyAsync(_provider, configure);
}
