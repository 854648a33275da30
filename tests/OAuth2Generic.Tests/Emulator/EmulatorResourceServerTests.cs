using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>
/// The emulator's resource servers: their checks at start, the clients' custom scopes and OAuth flows, and custom
/// scopes in a user's sign-in.
/// </summary>
public sealed class EmulatorResourceServerTests
{
    private const string WebApp = "web-app";
    private const string WebAppSecret = "web-app-secret";

    /// <summary>alice and bob, the <c>orders</c> resource server (read, write), and a web app allowed <c>orders/read</c>.</summary>
    private static Task<CognitoEmulator> StartAsync(Action<CognitoEmulatorOptions>? configure = null)
        => EmulatorBrowser.StartEmulatorAsync(options =>
        {
            options.AddResourceServer("orders", "read", "write");
            options.Clients.Add(new CognitoEmulatorClient
            {
                ClientId = WebApp,
                ClientSecret = WebAppSecret,
                AllowedScopes = ["openid", "email", "orders/read"],
            });
            configure?.Invoke(options);
        });

    private static async Task<JsonElement> SignInAsync(EmulatorBrowser browser, string? scope)
    {
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(WebApp, extra: scope is null ? null : "scope=" + Uri.EscapeDataString(scope)));
        var answer = await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = EmulatorBrowser.RedirectUri },
            WebApp,
            WebAppSecret);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await EmulatorBrowser.JsonAsync(answer);
    }

    private static async Task<HttpResponseMessage> UserInfoAsync(CognitoEmulator emulator, string? accessToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, emulator.Url + "/oauth2/userInfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<string> StartFailsWithAsync(Action<CognitoEmulatorOptions> configure)
        => (await Assert.ThrowsAsync<ArgumentException>(() => CognitoEmulator.StartAsync(configure, TestContext.Current.CancellationToken))).Message;

    [Fact]
    public void AddResourceServer_adds_the_server_with_its_scopes_and_returns_the_options()
    {
        var options = new CognitoEmulatorOptions();

        var returned = options.AddResourceServer("orders", "read", "write");

        Assert.Same(options, returned);
        var server = Assert.Single(options.ResourceServers);
        Assert.Equal("orders", server.Identifier);
        Assert.Equal(["read", "write"], server.Scopes);
    }

    [Fact]
    public void A_new_app_client_is_allowed_the_code_flow_alone()
    {
        Assert.Equal(["code"], new CognitoEmulatorClient { ClientId = "any" }.AllowedOAuthFlows);
    }

    [Fact]
    public async Task Two_resource_servers_with_one_identifier_fail_at_start()
    {
        var message = await StartFailsWithAsync(options => options.AddResourceServer("orders", "read").AddResourceServer("orders", "write"));

        Assert.Contains("two resource servers with the identifier 'orders'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("my orders")]
    [InlineData("orders\\v2")]
    public async Task A_resource_server_identifier_Cognito_refuses_fails_at_start(string identifier)
    {
        var message = await StartFailsWithAsync(options => options.ResourceServers.Add(new CognitoEmulatorResourceServer { Identifier = identifier, Scopes = ["read"] }));

        Assert.Contains($"The resource server identifier '{identifier}' is empty or has whitespace", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("read all")]
    [InlineData("read/all")]
    public async Task A_scope_name_Cognito_refuses_fails_at_start(string name)
    {
        var message = await StartFailsWithAsync(options => options.AddResourceServer("orders", "write", name));

        Assert.Contains($"The resource server 'orders' has the scope name '{name}', which is empty", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scope_listed_twice_in_one_resource_server_fails_at_start()
    {
        var message = await StartFailsWithAsync(options => options.AddResourceServer("orders", "read", "read"));

        Assert.Contains("The resource server 'orders' has the scope 'read' twice.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orders/delete")]
    [InlineData("billing/read")]
    [InlineData("admin")]
    public async Task A_client_allowed_a_scope_that_does_not_exist_fails_at_start(string scope)
    {
        var message = await StartFailsWithAsync(options =>
        {
            options.AddResourceServer("orders", "read");
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "app", ClientSecret = "s", AllowedScopes = ["openid", scope] });
        });

        Assert.Contains($"The app client 'app' allows the scope '{scope}', which is neither one of Cognito's", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authorization_code")]
    [InlineData("Code")]
    public async Task A_client_allowed_an_OAuth_flow_Cognito_does_not_know_fails_at_start(string flow)
    {
        var message = await StartFailsWithAsync(options =>
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "app", ClientSecret = "s", AllowedOAuthFlows = [flow] }));

        Assert.Contains($"The app client 'app' allows the OAuth flow '{flow}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_who_asks_for_a_custom_scope_gets_it_in_the_access_token()
    {
        await using var emulator = await StartAsync();
        using var browser = new EmulatorBrowser(emulator);

        var tokens = await SignInAsync(browser, "openid orders/read");

        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString());
        Assert.Equal("openid orders/read", access.GetPayloadValue<string>("scope"));
        Assert.Equal("alice", access.GetPayloadValue<string>("username"));
        Assert.True(tokens.TryGetProperty("id_token", out _));
    }

    [Fact]
    public async Task A_sign_in_that_asks_for_no_scope_gets_every_allowed_scope_custom_ones_too()
    {
        await using var emulator = await StartAsync();
        using var browser = new EmulatorBrowser(emulator);

        var tokens = await SignInAsync(browser, scope: null);

        Assert.Equal("openid email orders/read", new JsonWebToken(tokens.GetProperty("access_token").GetString()).GetPayloadValue<string>("scope"));
    }

    [Fact]
    public async Task UserInfo_ignores_custom_scopes_next_to_openid()
    {
        await using var emulator = await StartAsync();
        using var browser = new EmulatorBrowser(emulator);
        var tokens = await SignInAsync(browser, "openid orders/read");

        var answer = await UserInfoAsync(emulator, tokens.GetProperty("access_token").GetString());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(
            ["sub", "custom:team", "name", "email_verified", "email", "phone_number_verified", "phone_number", "username"],
            (await EmulatorBrowser.JsonAsync(answer)).EnumerateObject().Select(member => member.Name));
    }

    [Fact]
    public async Task A_sign_in_with_custom_scopes_alone_has_no_id_token_and_userInfo_refuses_its_access_token()
    {
        await using var emulator = await StartAsync();
        using var browser = new EmulatorBrowser(emulator);
        var tokens = await SignInAsync(browser, "orders/read");

        var answer = await UserInfoAsync(emulator, tokens.GetProperty("access_token").GetString());

        Assert.False(tokens.TryGetProperty("id_token", out _));
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal("insufficient_scope", (await EmulatorBrowser.JsonAsync(answer)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_sign_in_that_asks_for_a_custom_scope_the_client_is_not_allowed_is_invalid_scope()
    {
        await using var emulator = await StartAsync();
        using var browser = new EmulatorBrowser(emulator);

        var answer = await browser.GetAsync("/oauth2/authorize?" + EmulatorBrowser.AuthorizeQuery(WebApp, extra: "scope=openid+orders%2Fwrite"));

        Assert.StartsWith(EmulatorBrowser.RedirectUri + "?", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("invalid_scope", EmulatorBrowser.Parameters(answer)["error"]);
    }

    [Fact]
    public async Task A_client_without_the_code_flow_is_unauthorized_client_at_authorize()
    {
        await using var emulator = await StartAsync(options => options.Clients.Add(new CognitoEmulatorClient
        {
            ClientId = "worker",
            ClientSecret = "worker-secret",
            AllowedOAuthFlows = ["client_credentials"],
            AllowedScopes = ["orders/read"],
            CallbackUrls = [EmulatorBrowser.RedirectUri],
        }));
        using var browser = new EmulatorBrowser(emulator);

        var answer = await browser.GetAsync("/oauth2/authorize?" + EmulatorBrowser.AuthorizeQuery("worker", extra: "scope=orders%2Fread"));

        Assert.StartsWith(EmulatorBrowser.RedirectUri + "?", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var parameters = EmulatorBrowser.Parameters(answer);
        Assert.Equal("unauthorized_client", parameters["error"]);
        Assert.DoesNotContain("code", parameters.Keys);
    }
}
