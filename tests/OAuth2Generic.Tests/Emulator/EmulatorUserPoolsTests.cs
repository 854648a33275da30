using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>Several user pools in one emulator, on one port: each its own issuer, keys, clients and users.</summary>
public sealed class EmulatorUserPoolsTests
{
    private static async Task<string> AccessTokenAsync(CognitoEmulator emulator, CognitoEmulatorUserPool pool, string username, string password)
    {
        using var browser = new EmulatorBrowser(emulator, pool.Domain);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(pool.ClientId), username, password);
        var answer = await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = EmulatorBrowser.RedirectUri }, pool.ClientId, pool.ClientSecret);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await EmulatorBrowser.JsonAsync(answer)).GetProperty("access_token").GetString()!;
    }

    private static async Task<HttpStatusCode> UserInfoStatusAsync(string domain, string accessToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{domain}/oauth2/userInfo");
        request.Headers.Authorization = new("Bearer", accessToken);
        return (await http.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
    }

    [Fact]
    public async Task A_pool_added_at_run_time_has_its_own_domain_issuer_keys_and_users()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var second = await emulator.AddUserPoolAsync(new CognitoEmulatorOptions { UserPoolId = "eu-west-1_Second01" }.AddUser("dave", "Dave-Pa55", "dave@example.com"), TestContext.Current.CancellationToken);
        second.RegisterCallbackUrl(EmulatorBrowser.RedirectUri);

        Assert.Equal([emulator.UserPoolId, "eu-west-1_Second01"], emulator.UserPools.Select(pool => pool.UserPoolId));
        Assert.NotEqual(emulator.Url, second.Domain);
        Assert.Equal("/", new Uri(second.Domain).AbsolutePath);
        Assert.Equal($"{emulator.Url}/eu-west-1_Second01", second.Issuer);
        Assert.Same(second, emulator.GetUserPool("eu-west-1_Second01"));

        var token = await AccessTokenAsync(emulator, second, "dave", "Dave-Pa55");
        Assert.Equal(second.Issuer, new JsonWebToken(token).Issuer);
        Assert.Equal(HttpStatusCode.OK, await UserInfoStatusAsync(second.Domain, token));
        // The first pool neither knows dave nor trusts the second pool's keys.
        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoStatusAsync(emulator.Url, token));
        using var first = new EmulatorBrowser(emulator);
        var refused = await first.LoginAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId), "dave", "Dave-Pa55");
        Assert.Equal(HttpStatusCode.SeeOther, refused.StatusCode);
    }

    [Fact]
    public async Task Each_pool_publishes_its_own_discovery_document_and_keys()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var second = await emulator.AddUserPoolAsync(new CognitoEmulatorOptions { UserPoolId = "eu-west-1_Second01" }, TestContext.Current.CancellationToken);
        using var http = new HttpClient();

        var discovery = await EmulatorBrowser.JsonAsync(await http.GetAsync($"{second.Issuer}/.well-known/openid-configuration", TestContext.Current.CancellationToken));
        var firstKeys = await http.GetStringAsync($"{emulator.Issuer}/.well-known/jwks.json", TestContext.Current.CancellationToken);
        var secondKeys = await http.GetStringAsync($"{second.Issuer}/.well-known/jwks.json", TestContext.Current.CancellationToken);

        Assert.Equal(second.Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal($"{second.Domain}/oauth2/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.NotEqual(firstKeys, secondKeys);
        Assert.Equal(1, second.JwksRequests);
        Assert.Equal(1, emulator.JwksRequests);
    }

    [Fact]
    public async Task A_second_pools_domain_serves_only_its_own_clients()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var second = await emulator.AddUserPoolAsync(new CognitoEmulatorOptions { UserPoolId = "eu-west-1_Second01" }, TestContext.Current.CancellationToken);
        using var browser = new EmulatorBrowser(emulator, second.Domain);

        // Both pools have the default client id, but the callback URL is registered only with the first pool's client.
        var answer = await browser.GetAsync("/oauth2/authorize?" + EmulatorBrowser.AuthorizeQuery(emulator.ClientId));

        Assert.StartsWith("/error?error=redirect_mismatch", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCognito_signs_in_against_a_second_pool()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var second = await emulator.AddUserPoolAsync(new CognitoEmulatorOptions { UserPoolId = "eu-west-1_Second01" }.AddUser("dave", "Dave-Pa55", "dave@example.com", "ops"), TestContext.Current.CancellationToken);
        await using var app = await KestrelApp.StartAsync(auth => auth.AddCognito(options => second.ConfigureClient(options)));
        second.RegisterCallbackUrl(app.Client.BaseAddress + "signin-cognito");

        using var page = await second.SignInAsync(app.Client.BaseAddress + "challenge/Cognito", "dave", "Dave-Pa55", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var claims = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("dave@example.com", claims, StringComparison.Ordinal);
        Assert.Contains("ops", claims, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_pool_with_a_taken_id_or_the_emulators_own_options_is_refused()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => emulator.AddUserPoolAsync(new CognitoEmulatorOptions { UserPoolId = emulator.UserPoolId }, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => emulator.AddUserPoolAsync(new CognitoEmulatorOptions { UserPoolId = "eu-west-1_Second01", ListenAddress = IPAddress.Any }, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => emulator.AddUserPoolAsync(new CognitoEmulatorOptions { UserPoolId = "not-a-pool-id" }, TestContext.Current.CancellationToken));
    }
}
