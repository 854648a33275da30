using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>
/// The pre-token-generation trigger, event version 2: the event it receives, and what its
/// <c>claimsAndScopeOverrideDetails</c> does to the id and access tokens of a sign-in and of a refresh.
/// </summary>
public sealed class EmulatorPreTokenGenerationTests
{
    private static Dictionary<string, string> CodeGrant(string code) => new()
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["redirect_uri"] = EmulatorBrowser.RedirectUri,
    };

    private static async Task<(HttpResponseMessage Answer, EmulatorBrowser Browser)> SignInAsync(CognitoEmulator emulator, string scope = "openid+email+profile")
    {
        var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId, extra: $"scope={scope}"));
        return (await browser.TokenAsync(CodeGrant(code), emulator.ClientId, emulator.ClientSecret), browser);
    }

    [Fact]
    public async Task The_trigger_adds_overrides_and_suppresses_claims_in_both_tokens()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options => options.PreTokenGeneration = (e, _) =>
        {
            e["response"] = JsonNode.Parse("""
                {"claimsAndScopeOverrideDetails": {
                  "idTokenGeneration": {"claimsToAddOrOverride": {"tenant": "acme", "name": "Alice L.", "level": 3}, "claimsToSuppress": ["email"]},
                  "accessTokenGeneration": {"claimsToAddOrOverride": {"tenant": "acme-api", "roles": ["reader", "writer"]}, "claimsToSuppress": ["auth_method_absent"],
                                            "scopesToAdd": ["orders/read"], "scopesToSuppress": ["profile"]}
                }}
                """);
            return Task.CompletedTask;
        });

        var (answer, browser) = await SignInAsync(emulator);
        using var disposeBrowser = browser;

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await EmulatorBrowser.JsonAsync(answer);
        var id = new JsonWebToken(body.GetProperty("id_token").GetString());
        Assert.Equal("acme", id.GetPayloadValue<string>("tenant"));
        Assert.Equal("Alice L.", id.GetPayloadValue<string>("name"));
        Assert.Equal(3, id.GetPayloadValue<int>("level"));
        Assert.False(id.TryGetPayloadValue<string>("email", out _));
        Assert.Equal("alice", id.GetPayloadValue<string>("cognito:username"));

        var access = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("acme-api", access.GetPayloadValue<string>("tenant"));
        Assert.Equal(["reader", "writer"], access.GetPayloadValue<string[]>("roles"));
        Assert.Equal("openid email orders/read", access.GetPayloadValue<string>("scope"));
        Assert.False(id.TryGetPayloadValue<string>("roles", out _));
    }

    [Fact]
    public async Task The_trigger_receives_Cognitos_version_2_event()
    {
        JsonObject? received = null;
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options => options.PreTokenGeneration = (e, _) =>
        {
            received = e;
            return Task.CompletedTask;
        });

        var (answer, browser) = await SignInAsync(emulator);
        using var disposeBrowser = browser;

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.NotNull(received);
        Assert.Equal("2", (string?)received["version"]);
        Assert.Equal("TokenGeneration_HostedAuth", (string?)received["triggerSource"]);
        Assert.Equal("us-east-1", (string?)received["region"]);
        Assert.Equal(emulator.UserPoolId, (string?)received["userPoolId"]);
        Assert.Equal("alice", (string?)received["userName"]);
        Assert.Equal(emulator.ClientId, (string?)received["callerContext"]!["clientId"]);
        var attributes = received["request"]!["userAttributes"]!;
        Assert.Equal("alice@example.com", (string?)attributes["email"]);
        Assert.Equal("true", (string?)attributes["email_verified"]);
        Assert.Equal("blue", (string?)attributes["custom:team"]);
        Assert.Equal("CONFIRMED", (string?)attributes["cognito:user_status"]);
        Assert.Equal(["admins", "staff"], received["request"]!["groupConfiguration"]!["groupsToOverride"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["openid", "email", "profile"], received["request"]!["scopes"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task The_group_override_replaces_the_groups_of_both_tokens_and_sets_the_roles_of_the_id_token()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options => options.PreTokenGeneration = (e, _) =>
        {
            e["response"] = JsonNode.Parse("""
                {"claimsAndScopeOverrideDetails": {"groupOverrideDetails": {
                  "groupsToOverride": ["auditors"], "iamRolesToOverride": ["arn:aws:iam::123456789012:role/auditor"], "preferredRole": "arn:aws:iam::123456789012:role/auditor"}}}
                """);
            return Task.CompletedTask;
        });

        var (answer, browser) = await SignInAsync(emulator);
        using var disposeBrowser = browser;

        var body = await EmulatorBrowser.JsonAsync(answer);
        var id = new JsonWebToken(body.GetProperty("id_token").GetString());
        var access = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal(["auditors"], id.GetPayloadValue<string[]>("cognito:groups"));
        Assert.Equal(["auditors"], access.GetPayloadValue<string[]>("cognito:groups"));
        Assert.Equal(["arn:aws:iam::123456789012:role/auditor"], id.GetPayloadValue<string[]>("cognito:roles"));
        Assert.Equal("arn:aws:iam::123456789012:role/auditor", id.GetPayloadValue<string>("cognito:preferred_role"));
    }

    [Fact]
    public async Task A_refresh_runs_the_trigger_again_with_its_own_trigger_source()
    {
        var sources = new List<string>();
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options => options.PreTokenGeneration = (e, _) =>
        {
            sources.Add((string)e["triggerSource"]!);
            var details = JsonNode.Parse("""{"accessTokenGeneration": {"claimsToAddOrOverride": {}}}""")!;
            details["accessTokenGeneration"]!["claimsToAddOrOverride"]!["call"] = sources.Count;
            e["response"] = new JsonObject { ["claimsAndScopeOverrideDetails"] = details };
            return Task.CompletedTask;
        });
        var (answer, browser) = await SignInAsync(emulator);
        using var disposeBrowser = browser;
        var refreshToken = (await EmulatorBrowser.JsonAsync(answer)).GetProperty("refresh_token").GetString()!;

        var refreshed = await EmulatorBrowser.JsonAsync(await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, emulator.ClientId, emulator.ClientSecret));

        Assert.Equal(["TokenGeneration_HostedAuth", "TokenGeneration_RefreshTokens"], sources);
        Assert.Equal(2, new JsonWebToken(refreshed.GetProperty("access_token").GetString()).GetPayloadValue<int>("call"));
    }

    [Theory]
    [InlineData("""{"idTokenGeneration": {"claimsToAddOrOverride": {"sub": "someone-else"}}}""", "'sub'")]
    [InlineData("""{"accessTokenGeneration": {"claimsToSuppress": ["token_use"]}}""", "'token_use'")]
    [InlineData("""{"idTokenGeneration": {"claimsToAddOrOverride": {"cognito:groups": ["admins"]}}}""", "groupOverrideDetails")]
    public async Task A_trigger_that_touches_a_claim_Cognito_keeps_fails_the_token_request(string details, string named)
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options => options.PreTokenGeneration = (e, _) =>
        {
            e["response"] = new JsonObject { ["claimsAndScopeOverrideDetails"] = JsonNode.Parse(details) };
            return Task.CompletedTask;
        });

        var (answer, browser) = await SignInAsync(emulator);
        using var disposeBrowser = browser;

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var body = await EmulatorBrowser.JsonAsync(answer);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.Contains(named, body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }
}
