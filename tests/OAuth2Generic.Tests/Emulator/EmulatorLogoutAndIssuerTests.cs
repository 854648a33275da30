using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>The emulator's <c>/logout</c>, its issuer documents, and its start-up checks.</summary>
public sealed class EmulatorLogoutAndIssuerTests
{
    private static string Logout(CognitoEmulator emulator, string logoutUri)
        => $"/logout?client_id={emulator.ClientId}&logout_uri={Uri.EscapeDataString(logoutUri)}";

    [Fact]
    public async Task Logout_to_a_registered_sign_out_url_ends_the_session()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        await browser.LoginAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId), "alice", "Alice-Pa55");

        var logout = await browser.GetAsync(Logout(emulator, EmulatorBrowser.SignOutUri));
        var authorize = await browser.GetAsync("/oauth2/authorize?" + EmulatorBrowser.AuthorizeQuery(emulator.ClientId));

        Assert.Equal(EmulatorBrowser.SignOutUri, logout.Headers.Location!.OriginalString);
        Assert.StartsWith("/login?", authorize.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_to_an_unregistered_url_is_redirect_mismatch_and_keeps_the_session()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        await browser.LoginAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId), "alice", "Alice-Pa55");

        var logout = await browser.GetAsync(Logout(emulator, "https://evil.example/"));
        var authorize = await browser.GetAsync("/oauth2/authorize?" + EmulatorBrowser.AuthorizeQuery(emulator.ClientId));

        Assert.StartsWith("/error?error=redirect_mismatch", logout.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("code", EmulatorBrowser.Parameters(authorize).Keys);
    }

    [Theory]
    [InlineData("/logout?client_id=no-such-client&logout_uri=http%3A%2F%2F127.0.0.1%3A5999%2Fsigned-out")]
    [InlineData("/logout?client_id={0}")]
    public async Task Logout_without_a_known_client_or_a_logout_uri_goes_to_the_error_page(string path)
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        var logout = await browser.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, emulator.ClientId));

        Assert.StartsWith("/error?error=invalid_request", logout.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_discovery_document_names_the_hosted_ui_endpoints_and_the_jwks_under_the_issuer()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        var document = await EmulatorBrowser.JsonAsync(await browser.GetAsync($"/{emulator.UserPoolId}/.well-known/openid-configuration"));

        Assert.Equal(emulator.Issuer, document.GetProperty("issuer").GetString());
        Assert.Equal(emulator.Url + "/oauth2/authorize", document.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(emulator.Url + "/oauth2/token", document.GetProperty("token_endpoint").GetString());
        Assert.Equal(emulator.Url + "/oauth2/userInfo", document.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(emulator.Issuer + "/.well-known/jwks.json", document.GetProperty("jwks_uri").GetString());
    }

    [Fact]
    public async Task Its_id_tokens_validate_against_its_jwks_and_no_other_key()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId));
        var tokens = await EmulatorBrowser.JsonAsync(await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = EmulatorBrowser.RedirectUri },
            emulator.ClientId,
            emulator.ClientSecret));
        var jwks = new JsonWebKeySet(await (await browser.GetAsync($"/{emulator.UserPoolId}/.well-known/jwks.json")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var parameters = new TokenValidationParameters { ValidIssuer = emulator.Issuer, ValidAudience = emulator.ClientId };

        parameters.IssuerSigningKeys = jwks.GetSigningKeys();
        var valid = await new JsonWebTokenHandler().ValidateTokenAsync(tokens.GetProperty("id_token").GetString(), parameters);
        parameters.IssuerSigningKeys = [FakeCognito.SigningKey];
        var foreign = await new JsonWebTokenHandler().ValidateTokenAsync(tokens.GetProperty("id_token").GetString(), parameters);

        Assert.True(valid.IsValid, valid.Exception?.Message);
        Assert.False(foreign.IsValid);
    }

    [Fact]
    public async Task Users_can_come_from_json()
    {
        await using var emulator = await CognitoEmulator.StartAsync(options => options.AddUsersFromJson(
            """[{ "username": "carol", "password": "Carol-Pa55", "email": "carol@example.com", "groups": ["ops"], "attributes": { "custom:team": "red" } }]"""),
            TestContext.Current.CancellationToken);
        emulator.RegisterCallbackUrl(EmulatorBrowser.RedirectUri);
        using var browser = new EmulatorBrowser(emulator);

        var answer = await browser.LoginAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId), "carol", "Carol-Pa55");

        Assert.Contains("code", EmulatorBrowser.Parameters(answer).Keys);
    }

    [Fact]
    public async Task A_json_user_without_a_password_is_refused()
    {
        var options = new CognitoEmulatorOptions();

        Assert.Throws<System.Text.Json.JsonException>(() => options.AddUsersFromJson("""[{ "username": "carol" }]"""));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Two_users_with_one_name_fail_at_start()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CognitoEmulator.StartAsync(options => options.AddUser("alice", "a").AddUser("alice", "b"), TestContext.Current.CancellationToken));

        Assert.Contains("two users named 'alice'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("email")]
    [InlineData("cognito:groups")]
    public async Task A_user_attribute_the_emulator_writes_itself_fails_at_start(string name)
    {
        var user = new CognitoEmulatorUser { Username = "carol", Password = "pw", Attributes = { [name] = "x" } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => CognitoEmulator.StartAsync(options => options.Users.Add(user), TestContext.Current.CancellationToken));

        Assert.Contains($"the attribute '{name}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pool")]
    [InlineData("us-east-1_{x}")]
    public async Task A_user_pool_id_not_shaped_like_Cognitos_fails_at_start(string userPoolId)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CognitoEmulator.StartAsync(options => options.UserPoolId = userPoolId, TestContext.Current.CancellationToken));

        Assert.Contains("UserPoolId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulator_copies_its_users_and_leaves_the_callers_objects_alone()
    {
        var user = new CognitoEmulatorUser { Username = "carol", Password = "Carol-Pa55", Email = "carol@example.com" };
        await using var emulator = await CognitoEmulator.StartAsync(options => options.Users.Add(user), TestContext.Current.CancellationToken);
        emulator.RegisterCallbackUrl(EmulatorBrowser.RedirectUri);
        using var browser = new EmulatorBrowser(emulator);

        user.Password = "changed-after-start";
        var answer = await browser.LoginAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId), "carol", "Carol-Pa55");

        Assert.Null(user.Sub);
        Assert.Contains("code", EmulatorBrowser.Parameters(answer).Keys);
    }

    [Fact]
    public async Task The_sign_in_helper_reports_the_emulators_error_page_instead_of_returning_it()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        await using var app = await KestrelApp.StartAsync(auth => auth.AddCognito(emulator.ConfigureClient));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            emulator.SignInAsync(app.Client.BaseAddress + "challenge/Cognito", "alice", "Alice-Pa55", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("The sign-in stopped at the emulator's /error page: redirect_mismatch.", error.Message);
    }

    [Fact]
    public async Task A_taken_port_fails_at_start()
    {
        await using var first = await EmulatorBrowser.StartEmulatorAsync();
        var port = new Uri(first.Url).Port;

        await Assert.ThrowsAnyAsync<IOException>(() => CognitoEmulator.StartAsync(options => options.Port = port, TestContext.Current.CancellationToken));
    }
}
