using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.Challenge;

/// <summary>The authorize redirect: every parameter once, AuthorizeParams merged, and per-challenge parameters.</summary>
public sealed class AuthorizeRequestTests : IDisposable
{
    private readonly FakeProvider _provider = new FakeProvider().Working();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task A_scope_in_AuthorizeParams_is_the_scope_when_Scope_is_empty_and_is_sent_once()
    {
        var authorizeUrl = await Challenge(options =>
        {
            options.AuthorizeParams["scope"] = "openid profile email";
            options.AuthorizeParams["prompt"] = "consent";
        });

        Assert.Single(ParameterNames(authorizeUrl), name => name == "scope");
        Assert.Equal("openid profile email", BrowserSession.Parameters(authorizeUrl)["scope"]);
        Assert.Equal("consent", BrowserSession.Parameters(authorizeUrl)["prompt"]);
    }

    [Fact]
    public async Task Scope_wins_over_a_scope_in_AuthorizeParams_as_the_Ruby_strategy_merges_it_and_is_sent_once()
    {
        var authorizeUrl = await Challenge(options =>
        {
            options.Scope.Add("read_user");
            options.AuthorizeParams["scope"] = "openid profile email";
            options.AuthorizeParams["prompt"] = "consent";
        });

        Assert.Single(ParameterNames(authorizeUrl), name => name == "scope");
        Assert.Equal("read_user", BrowserSession.Parameters(authorizeUrl)["scope"]);
        Assert.Equal("consent", BrowserSession.Parameters(authorizeUrl)["prompt"]);
    }

    [Fact]
    public async Task Scope_is_sent_space_separated_and_omitted_when_empty()
    {
        var withScope = await Challenge(options =>
        {
            options.Scope.Add("read_user");
            options.Scope.Add("openid");
        });
        var withoutScope = await Challenge(_ => { });

        Assert.Equal("read_user openid", BrowserSession.Parameters(withScope)["scope"]);
        Assert.DoesNotContain("scope", ParameterNames(withoutScope));
    }

    [Fact]
    public async Task Challenge_parameters_are_sent_and_override_configured_ones()
    {
        var authorizeUrl = await Challenge(
            options => options.AuthorizeParams["prompt"] = "consent",
            "?prompt=login&login_hint=ada%40example.com&scope=openid%20email");

        var parameters = BrowserSession.Parameters(authorizeUrl);
        Assert.Equal("login", parameters["prompt"]);
        Assert.Equal("ada@example.com", parameters["login_hint"]);
        Assert.Equal("openid email", parameters["scope"]);
        Assert.Equal(ParameterNames(authorizeUrl).Distinct().Count(), ParameterNames(authorizeUrl).Count);
    }

    [Fact]
    public async Task A_challenge_parameter_cannot_replace_one_the_handler_owns()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", _provider.Configure));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => app.NewSession().ChallengeAsync("idp", "?state=forged"));

        Assert.Contains("'state'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_framework_AdditionalAuthorizationParameters_are_sent_too_and_AuthorizeParams_win_without_a_duplicate()
    {
        var authorizeUrl = await Challenge(options =>
        {
            options.AdditionalAuthorizationParameters["audience"] = "framework";
            options.AdditionalAuthorizationParameters["resource"] = "https://api.example.com";
            options.AuthorizeParams["audience"] = "api";
        });

        Assert.Equal("api", BrowserSession.Parameters(authorizeUrl)["audience"]);
        Assert.Equal("https://api.example.com", BrowserSession.Parameters(authorizeUrl)["resource"]);
        Assert.Equal(ParameterNames(authorizeUrl).Distinct().Count(), ParameterNames(authorizeUrl).Count);
    }

    [Fact]
    public async Task A_query_in_the_authorize_URL_is_kept_and_a_configured_parameter_of_the_same_name_replaces_it()
    {
        var authorizeUrl = await Challenge(options =>
        {
            options.ClientOptions.AuthorizeUrl = "/oauth/authorize?prompt=login&tenant=blue&client_id=wrong";
            options.AuthorizeParams["prompt"] = "consent";
        });

        var parameters = BrowserSession.Parameters(authorizeUrl);
        Assert.Equal("consent", parameters["prompt"]);
        Assert.Equal("blue", parameters["tenant"]);
        Assert.Equal(FakeProvider.ClientId, parameters["client_id"]);
        Assert.Equal(ParameterNames(authorizeUrl).Distinct().Count(), ParameterNames(authorizeUrl).Count);
        Assert.Equal(_provider.Url + "/oauth/authorize", authorizeUrl.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task A_scope_and_repeated_values_in_the_authorize_URL_are_kept_when_nothing_replaces_them()
    {
        var authorizeUrl = await Challenge(options => options.ClientOptions.AuthorizeUrl = "/oauth/authorize?scope=openid&resource=a&resource=b");

        Assert.Equal("scope=openid", authorizeUrl.Query.Split('&', '?').Single(pair => pair.StartsWith("scope=", StringComparison.Ordinal)));
        Assert.Equal(["resource=a", "resource=b"], authorizeUrl.Query.Split('&', '?').Where(pair => pair.StartsWith("resource=", StringComparison.Ordinal)));
    }

    private async Task<Uri> Challenge(Action<OAuth2GenericOptions> configure, string query = "")
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            configure(options);
        }));
        return await app.NewSession().ChallengeAsync("idp", query);
    }

    private static List<string> ParameterNames(Uri url) =>
        url.Query.TrimStart('?').Split('&').Select(pair => Uri.UnescapeDataString(pair.Split('=')[0])).ToList();
}
