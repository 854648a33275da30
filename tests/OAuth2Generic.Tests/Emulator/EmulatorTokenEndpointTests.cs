using System.Net;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>The emulator's <c>/oauth2/token</c>: Cognito's grants, client authentication, and its 400 errors.</summary>
public sealed class EmulatorTokenEndpointTests
{
    private const string Verifier = "a-code-verifier-that-is-long-enough-for-rfc-7636-4.1";

    private static Dictionary<string, string> CodeGrant(string code, string redirectUri = EmulatorBrowser.RedirectUri) => new()
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["redirect_uri"] = redirectUri,
    };

    private static async Task AssertErrorAsync(HttpResponseMessage answer, string error)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal($$"""{"error":"{{error}}"}""", await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_code_redeemed_with_client_secret_basic_gives_Cognitos_id_and_access_tokens()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId, extra: "scope=openid+email+profile&nonce=n-0S6"));

        var answer = await browser.TokenAsync(CodeGrant(code), emulator.ClientId, emulator.ClientSecret);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await EmulatorBrowser.JsonAsync(answer);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.NotEmpty(body.GetProperty("refresh_token").GetString()!);

        var id = new JsonWebToken(body.GetProperty("id_token").GetString());
        Assert.Equal("RS256", id.Alg);
        Assert.Equal(emulator.Issuer, id.Issuer);
        Assert.Equal([emulator.ClientId], id.Audiences);
        Assert.Equal("id", id.GetClaim("token_use").Value);
        Assert.Equal("alice", id.GetPayloadValue<string>("cognito:username"));
        Assert.Equal(["admins", "staff"], id.GetPayloadValue<string[]>("cognito:groups"));
        Assert.True(id.GetPayloadValue<bool>("email_verified"));
        Assert.Equal("n-0S6", id.GetPayloadValue<string>("nonce"));
        Assert.Equal("blue", id.GetPayloadValue<string>("custom:team"));

        var access = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Empty(access.Audiences);
        Assert.Equal(emulator.ClientId, access.GetPayloadValue<string>("client_id"));
        Assert.Equal("access", access.GetPayloadValue<string>("token_use"));
        Assert.Equal("openid email profile", access.GetPayloadValue<string>("scope"));
        Assert.Equal("alice", access.GetPayloadValue<string>("username"));
        Assert.Equal(id.Subject, access.Subject);
    }

    [Fact]
    public async Task A_user_in_no_group_has_no_groups_claim()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId), "bob", "Bob-Pa55");

        var body = await EmulatorBrowser.JsonAsync(await browser.TokenAsync(CodeGrant(code), emulator.ClientId, emulator.ClientSecret));

        Assert.False(new JsonWebToken(body.GetProperty("id_token").GetString()).TryGetPayloadValue<object>("cognito:groups", out _));
    }

    [Fact]
    public async Task A_code_redeemed_with_client_secret_post_gives_tokens()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var form = CodeGrant(await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId)));
        form["client_id"] = emulator.ClientId;
        form["client_secret"] = emulator.ClientSecret!;

        var answer = await browser.TokenAsync(form);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    /// <summary>A public client's sign-in with <see cref="Verifier"/>'s challenge, redeemed with <paramref name="sentVerifier"/>.</summary>
    private static async Task<HttpResponseMessage> RedeemAsPublicClientAsync(string sentVerifier)
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options =>
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "public-client", CallbackUrls = [EmulatorBrowser.RedirectUri] }));
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery("public-client", extra: $"code_challenge={Pkce.S256(Verifier)}&code_challenge_method=S256"));
        var form = CodeGrant(code);
        form["client_id"] = "public-client";
        form["code_verifier"] = sentVerifier;
        return await browser.TokenAsync(form);
    }

    [Fact]
    public async Task A_public_client_redeems_its_code_with_the_PKCE_verifier()
    {
        var answer = await RedeemAsPublicClientAsync(Verifier);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("")]
    public async Task A_wrong_or_missing_secret_is_invalid_client(string secret)
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var form = CodeGrant(await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId)));
        form["client_id"] = emulator.ClientId;
        form["client_secret"] = secret;

        await AssertErrorAsync(await browser.TokenAsync(form), "invalid_client");
    }

    [Fact]
    public async Task A_wrong_secret_in_the_basic_header_is_invalid_client()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId));

        await AssertErrorAsync(await browser.TokenAsync(CodeGrant(code), emulator.ClientId, "wrong-secret"), "invalid_client");
    }

    [Fact]
    public async Task An_unknown_client_is_invalid_client()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        await AssertErrorAsync(await browser.TokenAsync(CodeGrant("any"), "no-such-client", "secret"), "invalid_client");
    }

    [Fact]
    public async Task A_public_client_that_sends_a_secret_is_invalid_client()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options =>
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "public-client", CallbackUrls = [EmulatorBrowser.RedirectUri] }));
        using var browser = new EmulatorBrowser(emulator);

        await AssertErrorAsync(await browser.TokenAsync(CodeGrant("any"), "public-client", "made-up"), "invalid_client");
    }

    [Fact]
    public async Task A_code_redeemed_twice_is_invalid_grant_the_second_time()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId));

        var first = await browser.TokenAsync(CodeGrant(code), emulator.ClientId, emulator.ClientSecret);
        var second = await browser.TokenAsync(CodeGrant(code), emulator.ClientId, emulator.ClientSecret);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertErrorAsync(second, "invalid_grant");
    }

    [Fact]
    public async Task An_expired_code_is_invalid_grant()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options => options.TimeProvider = clock);
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId));

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        await AssertErrorAsync(await browser.TokenAsync(CodeGrant(code), emulator.ClientId, emulator.ClientSecret), "invalid_grant");
    }

    [Theory]
    [InlineData(Verifier, "a-different-verifier-that-is-also-long-enough-for-rfc-7636")]
    [InlineData(Verifier, "")]
    // The right hash, but RFC 7636 §4.1 allows no spaces or commas in a verifier.
    [InlineData("a verifier with spaces, which RFC 7636 does not allow at all", "a verifier with spaces, which RFC 7636 does not allow at all")]
    public async Task A_wrong_missing_or_malformed_code_verifier_is_invalid_grant(string challenged, string sent)
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId, extra: $"code_challenge={Pkce.S256(challenged)}&code_challenge_method=S256"));
        var form = CodeGrant(code);
        form["code_verifier"] = sent;

        await AssertErrorAsync(await browser.TokenAsync(form, emulator.ClientId, emulator.ClientSecret), "invalid_grant");
    }

    [Fact]
    public async Task A_public_clients_wrong_code_verifier_is_invalid_grant()
    {
        await AssertErrorAsync(await RedeemAsPublicClientAsync(Verifier + "x"), "invalid_grant");
    }

    [Fact]
    public async Task A_redirect_uri_other_than_the_authorize_one_is_invalid_grant()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId));

        await AssertErrorAsync(await browser.TokenAsync(CodeGrant(code, "http://127.0.0.1:5999/other"), emulator.ClientId, emulator.ClientSecret), "invalid_grant");
    }

    [Fact]
    public async Task A_code_of_another_client_is_invalid_grant()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options =>
        {
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "first", ClientSecret = "first-secret", CallbackUrls = [EmulatorBrowser.RedirectUri] });
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "second", ClientSecret = "second-secret" });
        });
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery("first"));

        await AssertErrorAsync(await browser.TokenAsync(CodeGrant(code), "second", "second-secret"), "invalid_grant");
    }

    [Theory]
    [InlineData("password", "unsupported_grant_type")]
    [InlineData("", "invalid_request")]
    public async Task A_grant_type_other_than_code_or_refresh_is_refused(string grantType, string error)
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        await AssertErrorAsync(await browser.TokenAsync(new Dictionary<string, string> { ["grant_type"] = grantType }, emulator.ClientId, emulator.ClientSecret), error);
    }

    [Fact]
    public async Task A_refresh_token_gives_new_id_and_access_tokens_and_no_new_refresh_token()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId));
        var first = await EmulatorBrowser.JsonAsync(await browser.TokenAsync(CodeGrant(code), emulator.ClientId, emulator.ClientSecret));

        var answer = await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = first.GetProperty("refresh_token").GetString()! },
            emulator.ClientId,
            emulator.ClientSecret);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await EmulatorBrowser.JsonAsync(answer);
        Assert.Equal("alice", new JsonWebToken(body.GetProperty("id_token").GetString()).GetPayloadValue<string>("cognito:username"));
        Assert.NotEqual(first.GetProperty("access_token").GetString(), body.GetProperty("access_token").GetString());
        Assert.False(body.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task An_unknown_refresh_token_is_invalid_grant()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        await AssertErrorAsync(
            await browser.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "made-up" }, emulator.ClientId, emulator.ClientSecret),
            "invalid_grant");
    }
}
