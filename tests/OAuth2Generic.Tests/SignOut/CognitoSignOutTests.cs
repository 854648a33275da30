using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OAuth2Generic.Cognito;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.SignOut;

/// <summary>
/// <c>SignOutAsync("Cognito", properties)</c>: the redirect to Cognito's logout endpoint (which is not OpenID Connect
/// RP-initiated logout), and the revocation of the saved refresh token before it.
/// </summary>
public sealed class CognitoSignOutTests : IDisposable
{
    private readonly FakeCognito _cognito = new();

    public void Dispose() => _cognito.Dispose();

    [Fact]
    public async Task Sign_out_redirects_to_the_logout_endpoint_with_the_client_id_and_the_absolute_logout_uri()
    {
        await using var app = await StartApp();
        var browser = app.NewSession();

        using var response = await browser.GetAsync("/signout/Cognito?redirectUri=%2Fsigned-out");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(
            $"{_cognito.Domain}/logout?client_id=the-client-id&logout_uri=https%3A%2F%2Fapp.test%2Fsigned-out",
            response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Without_a_redirect_uri_the_logout_uri_is_SignedOutRedirectUri()
    {
        await using var app = await StartApp(options => options.SignedOutRedirectUri = "https://www.example.com/goodbye");

        using var response = await app.NewSession().GetAsync("/signout/Cognito");

        Assert.Equal(
            $"{_cognito.Domain}/logout?client_id=the-client-id&logout_uri=https%3A%2F%2Fwww.example.com%2Fgoodbye",
            response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task By_default_the_logout_uri_is_the_sites_root()
    {
        await using var app = await StartApp();

        using var response = await app.NewSession().GetAsync("/signout/Cognito");

        Assert.Equal(
            $"{_cognito.Domain}/logout?client_id=the-client-id&logout_uri=https%3A%2F%2Fapp.test%2F",
            response.Headers.Location!.OriginalString);
        // The scheme has no UserPoolId, which the one start-up warning says; nothing else warns.
        Assert.DoesNotContain(app.Logs.Lines, line => line.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && line.EventId.Name != "IdTokenNotValidated");
    }

    [Theory]
    [InlineData("signed-out")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("javascript%3Aalert(1)")]
    public async Task A_redirect_uri_that_is_neither_a_path_nor_a_URL_gives_way_to_SignedOutRedirectUri(string redirectUri)
    {
        await using var app = await StartApp();

        using var response = await app.NewSession().GetAsync($"/signout/Cognito?redirectUri={redirectUri}");

        Assert.Equal(
            $"{_cognito.Domain}/logout?client_id=the-client-id&logout_uri=https%3A%2F%2Fapp.test%2F",
            response.Headers.Location!.OriginalString);
        Assert.Contains(app.Logs.Lines, line => line.Message.StartsWith("The sign-out's RedirectUri is neither", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_RedirectUrl_a_path_is_made_absolute_on_its_public_origin()
    {
        await using var app = await StartApp(options => options.RedirectUrl = "https://www.example.com/signin-cognito");

        using var response = await app.NewSession().GetAsync("/signout/Cognito?redirectUri=%2Fbye");

        Assert.Equal(
            $"{_cognito.Domain}/logout?client_id=the-client-id&logout_uri=https%3A%2F%2Fwww.example.com%2Fbye",
            response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_revokes_the_saved_refresh_token_with_client_authentication_and_signs_the_user_out()
    {
        _cognito.Token(idToken: null).UserInfo();
        _cognito.Provider.Respond(Request.Create().WithPath(FakeCognito.RevokePath).UsingPost(), 200, string.Empty, contentType: null);
        await using var app = await StartApp(options => options.SaveTokens = true);
        var browser = app.NewSession();
        await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        using var response = await browser.GetAsync("/signout/Cognito?redirectUri=%2F");

        var revoke = _cognito.Provider.SingleRequestTo(FakeCognito.RevokePath);
        Assert.Equal(new Dictionary<string, string> { ["token"] = FakeProvider.RefreshToken }, revoke.Form);
        Assert.StartsWith("Basic ", revoke.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"{_cognito.Domain}/logout?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null(await browser.ClaimsAsync());
    }

    [Fact]
    public async Task A_public_client_revokes_with_its_client_id_in_the_body()
    {
        _cognito.Token(idToken: null).UserInfo();
        _cognito.Provider.Respond(Request.Create().WithPath(FakeCognito.RevokePath).UsingPost(), 200, string.Empty, contentType: null);
        await using var app = await StartApp(options =>
        {
            options.SaveTokens = true;
            options.ClientSecret = null!;
            options.ClientOptions.AuthScheme = ClientAuthScheme.None;
        });
        var browser = app.NewSession();
        await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        using var response = await browser.GetAsync("/signout/Cognito");

        var revoke = _cognito.Provider.SingleRequestTo(FakeCognito.RevokePath);
        Assert.Equal(new Dictionary<string, string> { ["token"] = FakeProvider.RefreshToken, ["client_id"] = FakeProvider.ClientId }, revoke.Form);
        Assert.Null(revoke.Header("Authorization"));
    }

    [Fact]
    public async Task A_failed_revocation_is_logged_and_the_sign_out_goes_on()
    {
        _cognito.Token(idToken: null).UserInfo();
        _cognito.Provider.Respond(
            Request.Create().WithPath(FakeCognito.RevokePath).UsingPost(), 400, """{"error":"unsupported_token_type"}""", "application/json");
        await using var app = await StartApp(options => options.SaveTokens = true);
        var browser = app.NewSession();
        await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        using var response = await browser.GetAsync("/signout/Cognito");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"{_cognito.Domain}/logout?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Lines, line => line.Message.Contains("could not be revoked", StringComparison.Ordinal)
                                                && line.Message.Contains("400 Bad Request", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_redirect_from_the_revocation_endpoint_is_not_followed_and_its_target_receives_nothing(int status)
    {
        using var elsewhere = new FakeProvider();
        elsewhere.Respond(Request.Create().UsingAnyMethod(), 200, "{}", "application/json");
        _cognito.Token(idToken: null).UserInfo();
        _cognito.Provider.Respond(
            Request.Create().WithPath(FakeCognito.RevokePath).UsingPost(), status, "", contentType: null,
            headers: new Dictionary<string, string> { ["Location"] = elsewhere.Url + "/collect" });
        await using var app = await StartApp(options => options.SaveTokens = true);
        var browser = app.NewSession();
        await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        using var response = await browser.GetAsync("/signout/Cognito");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(app.Logs.Lines, line => line.Message.Contains("could not be revoked", StringComparison.Ordinal)
                                                && line.Message.Contains($"The revocation endpoint ({_cognito.Provider.Host}) returned {status} ", StringComparison.Ordinal)
                                                && line.Message.Contains($"a redirect to {elsewhere.Host}, which is not followed", StringComparison.Ordinal));
        Assert.Empty(elsewhere.Server.LogEntries);
    }

    [Fact]
    public async Task A_revocation_answered_through_a_redirect_by_an_applications_backchannel_is_refused()
    {
        using var elsewhere = new FakeProvider();
        elsewhere.Respond(Request.Create().UsingAnyMethod(), 200, "{}", "application/json");
        _cognito.Token(idToken: null).UserInfo();
        _cognito.Provider.Respond(
            Request.Create().WithPath(FakeCognito.RevokePath).UsingPost(), 307, "", contentType: null,
            headers: new Dictionary<string, string> { ["Location"] = elsewhere.Url + "/collect" });
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        await using var app = await StartApp(options =>
        {
            options.SaveTokens = true;
            options.Backchannel = following;
        });
        var browser = app.NewSession();
        await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        using var response = await browser.GetAsync("/signout/Cognito");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Message.StartsWith("Revoked the refresh token", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, line => line.Message.Contains("could not be revoked", StringComparison.Ordinal)
                                                && line.Message.Contains($"was redirected to {elsewhere.Host}, and redirects must not be followed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revocation_endpoint_that_echoes_the_refresh_token_or_the_secret_does_not_get_them_into_the_log()
    {
        _cognito.Token(idToken: null).UserInfo();
        _cognito.Provider.Respond(
            Request.Create().WithPath(FakeCognito.RevokePath).UsingPost(),
            400,
            $$"""{"error":"invalid_request","error_description":"token {{FakeProvider.RefreshToken}} with {{Uri.EscapeDataString(FakeProvider.ClientSecret)}}"}""",
            "application/json");
        await using var app = await StartApp(options => options.SaveTokens = true);
        var browser = app.NewSession();
        await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        using var response = await browser.GetAsync("/signout/Cognito");

        var line = Assert.Single(app.Logs.Lines, line => line.Message.Contains("could not be revoked", StringComparison.Ordinal));
        Assert.Contains("error \"invalid_request\" (token [redacted] with [redacted])", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revocation_endpoint_that_does_not_answer_in_time_does_not_hold_up_the_sign_out()
    {
        _cognito.Token(idToken: null).UserInfo();
        _cognito.Provider.Respond(
            Request.Create().WithPath(FakeCognito.RevokePath).UsingPost(), 200, "", contentType: null, delay: TimeSpan.FromSeconds(30));

        // Long enough for the sign-in's own first exchanges on a busy machine, and far shorter than the delay.
        await using var app = await StartApp(options =>
        {
            options.SaveTokens = true;
            options.BackchannelTimeout = TimeSpan.FromSeconds(2);
        });
        var browser = app.NewSession();
        await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        using var response = await browser.GetAsync("/signout/Cognito");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(app.Logs.Lines, line => line.Message.Contains("could not be revoked", StringComparison.Ordinal)
                                                && line.Message.Contains("did not answer within BackchannelTimeout (00:00:02)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Nothing_is_revoked_without_a_saved_token_or_when_revocation_is_off(bool saveTokens, bool revoke)
    {
        _cognito.Token(idToken: null).UserInfo();
        await using var app = await StartApp(options =>
        {
            options.SaveTokens = saveTokens;
            options.RevokeRefreshTokenOnSignOut = revoke;
        });
        var browser = app.NewSession();
        await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        using var response = await browser.GetAsync("/signout/Cognito");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(_cognito.Provider.RequestsTo(FakeCognito.RevokePath));
    }

    private Task<TestApp> StartApp(Action<CognitoOptions>? configure = null) =>
        TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.Configure(options);
            configure?.Invoke(options);
        }));
}
