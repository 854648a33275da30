using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.UserInformation;

/// <summary>How the user-info request carries the token, how its body is read, and what the app can hook into.</summary>
public sealed class UserInformationRequestTests : IDisposable
{
    private readonly FakeProvider _provider = new FakeProvider().Token();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task Query_mode_sends_the_token_as_a_query_parameter_and_no_header()
    {
        _provider.UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);

        var userInfo = await SignInAndGetUserInfoRequest(options =>
        {
            options.AuthTokenParams.Mode = AuthTokenMode.Query;
            options.AuthTokenParams.ParamName = "oauth_token";
        });

        Assert.Equal("GET", userInfo.Method);
        Assert.Equal(FakeProvider.AccessToken, userInfo.Query["oauth_token"]);
        Assert.Null(userInfo.Header("Authorization"));
    }

    [Fact]
    public async Task Query_mode_keeps_a_query_already_in_the_user_info_url()
    {
        _provider.UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);

        var userInfo = await SignInAndGetUserInfoRequest(options =>
        {
            options.ClientOptions.UserInfoUrl = FakeProvider.UserInfoPath + "?fields=id,name";
            options.AuthTokenParams.Mode = AuthTokenMode.Query;
        });

        Assert.Equal("id,name", userInfo.Query["fields"]);
        Assert.Equal(FakeProvider.AccessToken, userInfo.Query["access_token"]);
    }

    [Fact]
    public async Task Body_mode_posts_the_token_as_a_form_field()
    {
        _provider.UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);

        var userInfo = await SignInAndGetUserInfoRequest(options => options.AuthTokenParams.Mode = AuthTokenMode.Body);

        Assert.Equal("POST", userInfo.Method);
        Assert.Equal(FakeProvider.AccessToken, userInfo.Form["access_token"]);
        Assert.Null(userInfo.Header("Authorization"));
    }

    [Fact]
    public async Task Header_mode_uses_the_header_format()
    {
        _provider.UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);

        var userInfo = await SignInAndGetUserInfoRequest(options => options.AuthTokenParams.HeaderFormat = "token {0}");

        Assert.Equal("token " + FakeProvider.AccessToken, userInfo.Header("Authorization"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/vnd.api+json")]
    [InlineData(null)]
    public async Task The_user_document_is_parsed_as_JSON_whatever_its_content_type(string? contentType)
    {
        _provider.UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson, contentType: contentType!);
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", _provider.Configure));
        var browser = app.NewSession();

        await browser.SignInAsync("idp");

        var claims = await browser.ClaimsAsync();
        Assert.Contains(claims!, claim => claim is { Type: ClaimTypes.NameIdentifier, Value: "7" });
    }

    [Fact]
    public async Task OnCreatingTicket_sees_the_user_document_and_the_mapped_claims_and_ClaimActions_run()
    {
        _provider.UserInfo(FakeProvider.UserInfoPath, """{"id":7,"email":"ada@example.com","team":{"slug":"engines"}}""");
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            options.ClaimActions.MapJsonSubKey("team", "team", "slug");
            options.Events.OnCreatingTicket = context =>
            {
                var email = context.Identity!.FindFirst(ClaimTypes.Email)!.Value;
                context.Identity.AddClaim(new Claim("seen", email + "/" + context.User.GetProperty("id").GetInt32()));
                return Task.CompletedTask;
            };
        }));
        var browser = app.NewSession();

        await browser.SignInAsync("idp");

        var claims = await browser.ClaimsAsync();
        Assert.Contains(claims!, claim => claim is { Type: "seen", Value: "ada@example.com/7" });
        Assert.Contains(claims!, claim => claim is { Type: "team", Value: "engines" });
    }

    [Fact]
    public async Task SaveTokens_stores_the_tokens_and_never_the_PKCE_verifier()
    {
        _provider.UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            options.SaveTokens = true;
        }));
        var browser = app.NewSession();
        await browser.SignInAsync("idp");

        using var response = await browser.GetAsync("/ticket");
        var ticket = await response.Content.ReadFromJsonAsync<TicketRecord>(TestContext.Current.CancellationToken);

        Assert.NotNull(ticket);
        Assert.Equal(FakeProvider.AccessToken, ticket.Tokens["access_token"]);
        Assert.Equal(FakeProvider.RefreshToken, ticket.Tokens["refresh_token"]);
        Assert.NotEmpty(ticket.Items);
        Assert.DoesNotContain("code_verifier", ticket.Items.Keys);
    }

    private async Task<ReceivedRequest> SignInAndGetUserInfoRequest(Action<OAuth2GenericOptions> configure)
    {
        await TestApp.SignInSuccessfullyAsync(_provider, configure);
        return _provider.SingleRequestTo(FakeProvider.UserInfoPath);
    }
}
