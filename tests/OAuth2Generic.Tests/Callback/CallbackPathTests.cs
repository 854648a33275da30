using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OAuth2Generic.Tests.Callback;

/// <summary>Where the callback reaches the app when the options do not say, and when they do.</summary>
public sealed class CallbackPathTests : IDisposable
{
    private readonly FakeProvider _provider = new FakeProvider().Working();

    public void Dispose() => _provider.Dispose();

    [Theory]
    [InlineData(OAuth2GenericDefaults.AuthenticationScheme, "/signin-oauth2generic")]
    [InlineData("GitLab", "/signin-gitlab")]
    [InlineData("keycloak", "/signin-keycloak")]
    public async Task An_unset_callback_path_is_signin_and_the_scheme_in_lower_case(string scheme, string expected)
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic(scheme, _provider.Configure));

        Assert.Equal(new PathString(expected), Options(app, scheme).CallbackPath);
    }

    [Fact]
    public async Task An_unset_callback_path_follows_RedirectUrl_and_the_sign_in_completes_there()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            options.RedirectUrl = "https://public.example.com/users/auth/idp/callback";
        }));
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await browser.SignInAsync("idp");

        Assert.Equal(new PathString("/users/auth/idp/callback"), Options(app, "idp").CallbackPath);
        Assert.Equal("https://public.example.com/users/auth/idp/callback", BrowserSession.Parameters(authorizeUrl)["redirect_uri"]);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.NotNull(await browser.ClaimsAsync());
    }

    [Fact]
    public async Task A_callback_path_configured_before_the_scheme_is_added_is_kept()
    {
        await using var app = await TestApp.StartAsync(
            auth => auth.AddOAuth2Generic("idp", _provider.Configure),
            configureServicesFirst: services => services.Configure<OAuth2GenericOptions>("idp", options => options.CallbackPath = "/auth/idp/done"));

        Assert.Equal(new PathString("/auth/idp/done"), Options(app, "idp").CallbackPath);
    }

    [Fact]
    public async Task A_callback_path_set_to_the_default_of_another_scheme_is_kept()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("gitlab", options =>
        {
            _provider.Configure(options);
            options.CallbackPath = OAuth2GenericDefaults.CallbackPath;
        }));

        Assert.Equal(new PathString(OAuth2GenericDefaults.CallbackPath), Options(app, "gitlab").CallbackPath);
    }

    [Fact]
    public async Task A_RedirectUrl_under_a_path_base_keeps_an_explicit_callback_path()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            options.RedirectUrl = "https://public.example.com/gitlab/signin-oauth2generic";
            options.CallbackPath = OAuth2GenericDefaults.CallbackPath;
        }));

        Assert.Equal(new PathString(OAuth2GenericDefaults.CallbackPath), Options(app, "idp").CallbackPath);
    }

    private static OAuth2GenericOptions Options(TestApp app, string scheme) =>
        app.Services.GetRequiredService<IOptionsMonitor<OAuth2GenericOptions>>().Get(scheme);
}
