using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>
/// The simulated federated identity providers: <c>identity_provider</c> or <c>idp_identifier</c> shows the provider's
/// page instead of the login form, and the user picked there comes back as Cognito names federated users.
/// </summary>
public sealed class EmulatorFederatedProviderTests
{
    private static Task<CognitoEmulator> StartAsync() => EmulatorBrowser.StartEmulatorAsync(options =>
    {
        options.IdentityProviders.Add(new CognitoEmulatorIdentityProvider
        {
            Name = "Google",
            Type = "Google",
            Identifiers = ["example.org"],
            Users = [new CognitoEmulatorFederatedUser { Id = "108204268033311420000", Email = "carol@example.org", Attributes = { ["name"] = "Carol" } }],
        });
        options.Clients.Add(new CognitoEmulatorClient { ClientId = "plainclient000000000000001", ClientSecret = "plain-secret", CallbackUrls = [EmulatorBrowser.RedirectUri] });
        options.Clients.Add(new CognitoEmulatorClient
        {
            ClientId = "federatingclient0000000001",
            ClientSecret = "federating-secret",
            CallbackUrls = [EmulatorBrowser.RedirectUri],
            IdentityProviders = ["COGNITO", "Google"],
        });
    });

    /// <summary>Goes to the provider's page, picks the user, and returns the redirect back to the app.</summary>
    private static async Task<HttpResponseMessage> ChooseAsync(EmulatorBrowser browser, string selector, string userId)
    {
        var authorize = await browser.GetAsync("/oauth2/authorize?" + EmulatorBrowser.AuthorizeQuery("federatingclient0000000001", extra: selector + "&scope=openid+email+profile"));
        Assert.Equal(HttpStatusCode.Found, authorize.StatusCode);
        var page = await browser.GetAsync(authorize.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("id=\"identity-provider\">Google<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"password\"", html, StringComparison.Ordinal);
        var csrf = html[(html.IndexOf("name=\"_csrf\" value=\"", StringComparison.Ordinal) + 20)..];
        return await browser.PostFormAsync(EmulatorBrowser.FormAction(html), new Dictionary<string, string> { ["_csrf"] = csrf[..csrf.IndexOf('"', StringComparison.Ordinal)], ["user"] = userId });
    }

    private static async Task<JsonElement> TokensAsync(EmulatorBrowser browser, HttpResponseMessage redirect)
    {
        var code = EmulatorBrowser.Parameters(redirect)["code"];
        var answer = await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = EmulatorBrowser.RedirectUri },
            "federatingclient0000000001",
            "federating-secret");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await EmulatorBrowser.JsonAsync(answer);
    }

    [Theory]
    [InlineData("identity_provider=Google")]
    [InlineData("idp_identifier=example.org")]
    public async Task A_federated_user_comes_back_with_Cognitos_username_identities_and_group(string selector)
    {
        await using var emulator = await StartAsync();
        using var browser = new EmulatorBrowser(emulator);

        var tokens = await TokensAsync(browser, await ChooseAsync(browser, selector, "108204268033311420000"));

        var id = new JsonWebToken(tokens.GetProperty("id_token").GetString());
        Assert.Equal("Google_108204268033311420000", id.GetPayloadValue<string>("cognito:username"));
        Assert.Equal([$"{emulator.UserPoolId}_Google"], id.GetPayloadValue<string[]>("cognito:groups"));
        Assert.Equal("carol@example.org", id.GetPayloadValue<string>("email"));
        Assert.False(id.GetPayloadValue<bool>("email_verified"));
        var identities = id.GetPayloadValue<JsonElement>("identities");
        Assert.Equal(JsonValueKind.Array, identities.ValueKind);
        var identity = identities[0];
        Assert.Equal("108204268033311420000", identity.GetProperty("userId").GetString());
        Assert.Equal("Google", identity.GetProperty("providerName").GetString());
        Assert.Equal("Google", identity.GetProperty("providerType").GetString());
        Assert.Equal(JsonValueKind.Null, identity.GetProperty("issuer").ValueKind);
        Assert.Equal("true", identity.GetProperty("primary").GetString());
        Assert.True(long.TryParse(identity.GetProperty("dateCreated").GetString(), out _));
        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString());
        Assert.Equal("Google_108204268033311420000", access.GetPayloadValue<string>("username"));
        Assert.Equal([$"{emulator.UserPoolId}_Google"], access.GetPayloadValue<string[]>("cognito:groups"));
    }

    [Fact]
    public async Task UserInfo_carries_a_federated_users_identities_as_the_JSON_text_of_the_array()
    {
        await using var emulator = await StartAsync();
        using var browser = new EmulatorBrowser(emulator);
        var tokens = await TokensAsync(browser, await ChooseAsync(browser, "identity_provider=Google", "108204268033311420000"));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{emulator.Url}/oauth2/userInfo");
        request.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        using var http = new HttpClient();
        var userInfo = await EmulatorBrowser.JsonAsync(await http.SendAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal("Google_108204268033311420000", userInfo.GetProperty("username").GetString());
        Assert.Equal(JsonValueKind.String, userInfo.GetProperty("identities").ValueKind);
        var identities = JsonDocument.Parse(userInfo.GetProperty("identities").GetString()!).RootElement;
        Assert.Equal("Google", identities[0].GetProperty("providerName").GetString());
        Assert.Equal("Carol", userInfo.GetProperty("name").GetString());
        Assert.NotNull(emulator.UserPools[0].FindUser("Google_108204268033311420000"));
    }

    [Fact]
    public async Task A_provider_the_client_does_not_support_is_refused()
    {
        await using var emulator = await StartAsync();
        using var browser = new EmulatorBrowser(emulator);

        // This client supports only COGNITO, the login form.
        var answer = await browser.GetAsync("/oauth2/authorize?" + EmulatorBrowser.AuthorizeQuery("plainclient000000000000001", extra: "identity_provider=Google"));

        Assert.Equal("invalid_request", EmulatorBrowser.Parameters(answer)["error"]);
    }

    [Fact]
    public async Task A_client_that_names_a_provider_the_pool_lacks_fails_at_start()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CognitoEmulator.StartAsync(options =>
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "c1", IdentityProviders = ["COGNITO", "Okta"] }), TestContext.Current.CancellationToken));

        Assert.Contains("'Okta'", error.Message, StringComparison.Ordinal);
    }
}
