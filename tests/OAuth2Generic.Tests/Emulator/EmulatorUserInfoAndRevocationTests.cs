using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>The emulator's <c>/oauth2/userInfo</c> and <c>/oauth2/revoke</c>.</summary>
public sealed class EmulatorUserInfoAndRevocationTests
{
    private static async Task<JsonElement> SignInAsync(EmulatorBrowser browser, string username = "alice", string password = "Alice-Pa55", string scope = "openid+email+profile")
    {
        var emulator = browser.Emulator;
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId, extra: "scope=" + scope), username, password);
        var answer = await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = EmulatorBrowser.RedirectUri },
            emulator.ClientId,
            emulator.ClientSecret);
        return await EmulatorBrowser.JsonAsync(answer);
    }

    private static async Task<HttpResponseMessage> UserInfoAsync(CognitoEmulator emulator, string? accessToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, emulator.Url + "/oauth2/userInfo");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static Task<HttpResponseMessage> RevokeAsync(EmulatorBrowser browser, string token, string? secret = null)
        => browser.PostFormAsync(
            "/oauth2/revoke",
            new Dictionary<string, string> { ["token"] = token },
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{browser.Emulator.ClientId}:{secret ?? browser.Emulator.ClientSecret}")));

    [Fact]
    public async Task UserInfo_answers_with_Cognitos_shape_string_booleans_attributes_and_no_groups()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var tokens = await SignInAsync(browser, scope: "openid");

        var answer = await UserInfoAsync(emulator, tokens.GetProperty("access_token").GetString());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await EmulatorBrowser.JsonAsync(answer);
        Assert.Equal("true", body.GetProperty("email_verified").GetString());
        Assert.Equal("false", body.GetProperty("phone_number_verified").GetString());
        Assert.Equal("alice@example.com", body.GetProperty("email").GetString());
        Assert.Equal("blue", body.GetProperty("custom:team").GetString());
        Assert.Equal("Alice Liddell", body.GetProperty("name").GetString());
        Assert.Equal("alice", body.GetProperty("username").GetString());
        Assert.Equal(36, body.GetProperty("sub").GetString()!.Length);
        Assert.False(body.TryGetProperty("cognito:groups", out _));
    }

    [Theory]
    [InlineData("openid", "sub custom:team name email_verified email phone_number_verified phone_number username")]
    [InlineData("openid aws.cognito.signin.user.admin", "sub custom:team name email_verified email phone_number_verified phone_number username")]
    [InlineData("openid profile", "sub custom:team name username")]
    [InlineData("openid email", "sub email_verified email username")]
    [InlineData("openid phone", "sub phone_number_verified phone_number username")]
    [InlineData("openid profile email", "sub custom:team name email_verified email username")]
    public async Task UserInfo_returns_the_attributes_of_the_tokens_scopes_as_Cognito_does(string scope, string members)
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var tokens = await SignInAsync(browser, scope: scope.Replace(' ', '+'));

        var body = await EmulatorBrowser.JsonAsync(await UserInfoAsync(emulator, tokens.GetProperty("access_token").GetString()));

        Assert.Equal(members.Split(' '), body.EnumerateObject().Select(member => member.Name));
    }

    [Fact]
    public async Task Revoking_another_clients_refresh_token_is_refused_and_revokes_nothing()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options =>
        {
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "first", ClientSecret = "first-secret", CallbackUrls = [EmulatorBrowser.RedirectUri] });
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "second", ClientSecret = "second-secret" });
        });
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery("first"));
        var tokens = await EmulatorBrowser.JsonAsync(await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = EmulatorBrowser.RedirectUri }, "first", "first-secret"));

        var answer = await browser.PostFormAsync(
            "/oauth2/revoke",
            new Dictionary<string, string> { ["token"] = tokens.GetProperty("refresh_token").GetString()! },
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("second:second-secret")));
        var userInfo = await UserInfoAsync(emulator, tokens.GetProperty("access_token").GetString());

        Assert.Equal("""{"error":"unauthorized_client"}""", await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task UserInfo_without_a_valid_token_is_401_invalid_token(string? token)
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();

        var answer = await UserInfoAsync(emulator, token);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", answer.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserInfo_refuses_an_id_token_in_place_of_the_access_token()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var tokens = await SignInAsync(browser);

        var answer = await UserInfoAsync(emulator, tokens.GetProperty("id_token").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    [Fact]
    public async Task UserInfo_refuses_an_expired_access_token()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options => options.TimeProvider = clock);
        using var browser = new EmulatorBrowser(emulator);
        var tokens = await SignInAsync(browser);

        clock.Advance(TimeSpan.FromHours(1));
        var answer = await UserInfoAsync(emulator, tokens.GetProperty("access_token").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("Access token has expired", (await EmulatorBrowser.JsonAsync(answer)).GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task UserInfo_needs_the_openid_scope()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var tokens = await SignInAsync(browser, scope: "aws.cognito.signin.user.admin");

        var answer = await UserInfoAsync(emulator, tokens.GetProperty("access_token").GetString());

        Assert.False(tokens.TryGetProperty("id_token", out _));
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }

    [Fact]
    public async Task Revoking_the_refresh_token_ends_it_and_the_access_tokens_of_that_sign_in()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var tokens = await SignInAsync(browser);
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        var revoked = await RevokeAsync(browser, refreshToken);
        var refresh = await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, emulator.ClientId, emulator.ClientSecret);
        var userInfo = await UserInfoAsync(emulator, tokens.GetProperty("access_token").GetString());

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
        Assert.Equal("Access token has been revoked", (await EmulatorBrowser.JsonAsync(userInfo)).GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Revocation_with_a_wrong_secret_is_invalid_client_and_revokes_nothing()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var tokens = await SignInAsync(browser);

        var answer = await RevokeAsync(browser, tokens.GetProperty("refresh_token").GetString()!, secret: "wrong");
        var userInfo = await UserInfoAsync(emulator, tokens.GetProperty("access_token").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("""{"error":"invalid_client"}""", await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
    }

    [Fact]
    public async Task Revoking_an_access_token_is_unsupported_token_type()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var tokens = await SignInAsync(browser);

        var answer = await RevokeAsync(browser, tokens.GetProperty("access_token").GetString()!);

        Assert.Equal("""{"error":"unsupported_token_type"}""", await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
