using System.Net;
using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>
/// The emulator's signing keys over time: <see cref="CognitoEmulator.RotateSigningKey"/> and
/// <see cref="CognitoEmulator.RetirePreviousSigningKeys"/>, the JWKS that publishes them, and how often it is asked.
/// </summary>
public sealed class EmulatorSigningKeyRotationTests
{
    /// <summary>alice's access token from a sign-in with <c>openid</c>, which userInfo accepts; a new browser each time.</summary>
    private static async Task<JsonWebToken> AccessTokenAsync(CognitoEmulator emulator)
    {
        using var browser = new EmulatorBrowser(emulator);
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId, extra: "scope=openid"));
        var answer = await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = EmulatorBrowser.RedirectUri },
            emulator.ClientId,
            emulator.ClientSecret);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return new JsonWebToken((await EmulatorBrowser.JsonAsync(answer)).GetProperty("access_token").GetString());
    }

    private static async Task<JsonWebKeySet> JwksAsync(CognitoEmulator emulator)
    {
        using var http = new HttpClient();
        return new JsonWebKeySet(await http.GetStringAsync(emulator.Issuer + "/.well-known/jwks.json", TestContext.Current.CancellationToken));
    }

    private static async Task<TokenValidationResult> ValidateAgainstJwksAsync(CognitoEmulator emulator, JsonWebToken token)
        => await new JsonWebTokenHandler().ValidateTokenAsync(token.EncodedToken, new TokenValidationParameters
        {
            IssuerSigningKeys = (await JwksAsync(emulator)).GetSigningKeys(),
            ValidIssuer = emulator.Issuer,
            ValidateAudience = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });

    private static async Task<HttpResponseMessage> UserInfoAsync(CognitoEmulator emulator, JsonWebToken token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, emulator.Url + "/oauth2/userInfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.EncodedToken);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Before_any_rotation_the_jwks_publishes_the_one_key_that_signs()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var token = await AccessTokenAsync(emulator);

        var jwks = await JwksAsync(emulator);

        var key = Assert.Single(jwks.Keys);
        Assert.Equal(token.Kid, key.Kid);
        Assert.Equal(("RSA", "RS256", "sig"), (key.Kty, key.Alg, key.Use));
    }

    [Fact]
    public async Task A_rotation_makes_a_new_2048_bit_key_that_signs_the_next_tokens()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var before = await AccessTokenAsync(emulator);

        var newKid = emulator.RotateSigningKey();
        var after = await AccessTokenAsync(emulator);

        Assert.NotEqual(before.Kid, newKid);
        Assert.Equal(newKid, after.Kid);
        var published = (await JwksAsync(emulator)).Keys.Single(key => key.Kid == newKid);
        Assert.Equal(2048, Base64UrlEncoder.DecodeBytes(published.N).Length * 8);
    }

    [Fact]
    public async Task After_a_rotation_the_jwks_publishes_the_new_key_first_and_the_previous_one()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var oldKid = Assert.Single((await JwksAsync(emulator)).Keys).Kid;

        var newKid = emulator.RotateSigningKey();

        Assert.Equal([newKid, oldKid], (await JwksAsync(emulator)).Keys.Select(key => key.Kid));
    }

    [Fact]
    public async Task Every_previous_key_stays_published_until_retired()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var firstKid = Assert.Single((await JwksAsync(emulator)).Keys).Kid;

        var secondKid = emulator.RotateSigningKey();
        var thirdKid = emulator.RotateSigningKey();

        Assert.Equal([thirdKid, secondKid, firstKid], (await JwksAsync(emulator)).Keys.Select(key => key.Kid));
    }

    [Fact]
    public async Task A_token_signed_before_a_rotation_still_validates_against_the_jwks()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var token = await AccessTokenAsync(emulator);

        emulator.RotateSigningKey();
        var result = await ValidateAgainstJwksAsync(emulator, token);

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task A_token_signed_before_a_rotation_is_still_accepted_by_userInfo()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var token = await AccessTokenAsync(emulator);

        emulator.RotateSigningKey();
        var answer = await UserInfoAsync(emulator, token);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("alice", (await EmulatorBrowser.JsonAsync(answer)).GetProperty("username").GetString());
    }

    [Fact]
    public async Task After_retiring_the_previous_keys_the_jwks_publishes_only_the_current_one()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        emulator.RotateSigningKey();
        var currentKid = emulator.RotateSigningKey();

        emulator.RetirePreviousSigningKeys();

        Assert.Equal([currentKid], (await JwksAsync(emulator)).Keys.Select(key => key.Kid));
    }

    [Fact]
    public async Task After_retiring_the_previous_keys_a_token_they_signed_no_longer_validates_against_the_jwks()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var token = await AccessTokenAsync(emulator);
        emulator.RotateSigningKey();

        emulator.RetirePreviousSigningKeys();
        var result = await ValidateAgainstJwksAsync(emulator, token);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(result.Exception);
    }

    [Fact]
    public async Task After_retiring_the_previous_keys_userInfo_refuses_a_token_they_signed()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var token = await AccessTokenAsync(emulator);
        emulator.RotateSigningKey();

        emulator.RetirePreviousSigningKeys();
        var answer = await UserInfoAsync(emulator, token);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        var body = await EmulatorBrowser.JsonAsync(answer);
        Assert.Equal("invalid_token", body.GetProperty("error").GetString());
        Assert.Equal("Invalid access token", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task After_retiring_the_previous_keys_userInfo_accepts_a_token_of_the_current_key()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        emulator.RotateSigningKey();
        var token = await AccessTokenAsync(emulator);

        emulator.RetirePreviousSigningKeys();
        var answer = await UserInfoAsync(emulator, token);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Retiring_without_a_rotation_keeps_the_one_key()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        var token = await AccessTokenAsync(emulator);

        emulator.RetirePreviousSigningKeys();

        Assert.Equal([token.Kid], (await JwksAsync(emulator)).Keys.Select(key => key.Kid));
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(emulator, token)).StatusCode);
    }

    [Fact]
    public async Task Rotating_the_key_of_a_stopped_emulator_is_refused()
    {
        var emulator = await EmulatorBrowser.StartEmulatorAsync();
        await emulator.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => emulator.RotateSigningKey());
    }

    [Fact]
    public async Task JwksRequests_counts_the_requests_to_the_jwks_url_and_no_other()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var before = emulator.JwksRequests;
        var token = await AccessTokenAsync(emulator);
        await UserInfoAsync(emulator, token);
        await browser.GetAsync($"/{emulator.UserPoolId}/.well-known/openid-configuration");

        await JwksAsync(emulator);
        emulator.RotateSigningKey();
        await JwksAsync(emulator);

        Assert.Equal(0, before);
        Assert.Equal(2, emulator.JwksRequests);
    }
}
