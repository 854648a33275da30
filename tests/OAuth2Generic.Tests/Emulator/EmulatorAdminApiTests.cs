using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>The admin HTTP API under <c>/_emulator/</c>, which tests in other languages use instead of the .NET methods.</summary>
public sealed class EmulatorAdminApiTests
{
    private static Task<CognitoEmulator> StartAsync() => EmulatorBrowser.StartEmulatorAsync(options => options.AdminApi = true);

    private static async Task<HttpResponseMessage> SendAsync(CognitoEmulator emulator, HttpMethod method, string path, string? json = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, $"{emulator.Url}/_emulator/{path}");
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonWebToken> IdTokenAsync(CognitoEmulator emulator, string username, string password)
    {
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId), username, password);
        var answer = await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = EmulatorBrowser.RedirectUri }, emulator.ClientId, emulator.ClientSecret);
        return new JsonWebToken((await EmulatorBrowser.JsonAsync(answer)).GetProperty("id_token").GetString());
    }

    [Fact]
    public async Task Users_are_added_and_changed_through_the_admin_API()
    {
        await using var emulator = await StartAsync();
        var pool = $"pools/{emulator.UserPoolId}/users";

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(emulator, HttpMethod.Post, pool, """{"username": "erin", "password": "Erin-Pa55", "email": "erin@example.com"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(emulator, HttpMethod.Put, $"{pool}/erin/password", """{"password": "Erin-New-Pa55"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(emulator, HttpMethod.Post, $"{pool}/erin/attributes", """{"custom:team": "red", "email": "erin@example.net"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(emulator, HttpMethod.Post, $"{pool}/erin/groups", """{"group": "admins"}""")).StatusCode);

        var id = await IdTokenAsync(emulator, "erin", "Erin-New-Pa55");
        Assert.Equal("erin@example.net", id.GetPayloadValue<string>("email"));
        Assert.Equal("red", id.GetPayloadValue<string>("custom:team"));
        Assert.Equal(["admins"], id.GetPayloadValue<string[]>("cognito:groups"));
        var user = await EmulatorBrowser.JsonAsync(await SendAsync(emulator, HttpMethod.Get, $"{pool}/erin"));
        Assert.Equal("red", user.GetProperty("attributes").GetProperty("custom:team").GetString());
        Assert.False(user.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Request_counts_keys_and_the_clock_are_read_and_moved_through_the_admin_API()
    {
        await using var emulator = await StartAsync();
        var before = emulator.Now;
        await IdTokenAsync(emulator, "alice", "Alice-Pa55");

        var counts = await EmulatorBrowser.JsonAsync(await SendAsync(emulator, HttpMethod.Get, $"pools/{emulator.UserPoolId}/requests"));
        var kid = (await EmulatorBrowser.JsonAsync(await SendAsync(emulator, HttpMethod.Post, $"pools/{emulator.UserPoolId}/signing-keys/rotate"))).GetProperty("kid").GetString();
        var clock = await EmulatorBrowser.JsonAsync(await SendAsync(emulator, HttpMethod.Post, "clock", """{"advanceSeconds": 7200}"""));

        Assert.Equal(1, counts.GetProperty("token").GetInt32());
        Assert.Equal(kid, (await IdTokenAsync(emulator, "alice", "Alice-Pa55")).Kid);
        Assert.Equal(7200, clock.GetProperty("offsetSeconds").GetInt64());
        Assert.True(emulator.Now - before >= TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task A_pool_is_added_through_the_admin_API()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, HttpMethod.Post, "pools", """{"userPoolId": "eu-west-1_Added001", "users": [{"username": "frank", "password": "Frank-Pa55"}]}""");

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal($"{emulator.Url}/eu-west-1_Added001", (await EmulatorBrowser.JsonAsync(answer)).GetProperty("userPool").GetProperty("issuer").GetString());
        Assert.NotNull(emulator.GetUserPool("eu-west-1_Added001").FindUser("frank"));
    }

    [Theory]
    [InlineData("pools/us-east-1_Nobody/users/alice", "GET", null, HttpStatusCode.NotFound, "no user pool 'us-east-1_Nobody'")]
    [InlineData("pools/us-east-1_Emulator1/users/nobody/groups", "POST", """{"group": "x"}""", HttpStatusCode.BadRequest, "no user 'nobody'")]
    [InlineData("pools/us-east-1_Emulator1/users", "POST", """{"username": "x"}""", HttpStatusCode.BadRequest, "body.password: is required")]
    [InlineData("pools/us-east-1_Emulator1/users", "POST", """{"username": "x", "password": "p", "colour": "blue"}""", HttpStatusCode.BadRequest, "body.colour: is not a field")]
    [InlineData("clock", "POST", """{"advanceSeconds": -1}""", HttpStatusCode.BadRequest, "body.advanceSeconds")]
    public async Task A_bad_admin_request_is_answered_with_the_reason(string path, string method, string? body, HttpStatusCode status, string reason)
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, new HttpMethod(method), path, body);

        Assert.Equal(status, answer.StatusCode);
        Assert.Contains(reason, (await EmulatorBrowser.JsonAsync(answer)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_AdminApi_the_admin_paths_are_not_served()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(emulator, HttpMethod.Get, "pools")).StatusCode);
    }
}
