using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>
/// The emulator's refresh tokens: their lifetime, rotation with its retry grace period, revocation of rotated tokens,
/// <see cref="CognitoEmulator.GlobalSignOut"/> and the <see cref="CognitoEmulator.RefreshRequests"/> counter.
/// </summary>
public sealed class EmulatorRefreshTokenTests
{
    private const string RotatingClientId = "rotating-client";
    private const string RotatingClientSecret = "rotating-client-secret";

    /// <summary>An emulator whose only app client rotates refresh tokens with this grace period.</summary>
    private static Task<CognitoEmulator> StartRotatingAsync(TimeSpan gracePeriod = default, TimeProvider? clock = null)
        => EmulatorBrowser.StartEmulatorAsync(options =>
        {
            options.Clients.Add(new CognitoEmulatorClient
            {
                ClientId = RotatingClientId,
                ClientSecret = RotatingClientSecret,
                RefreshTokenRotation = true,
                RetryGracePeriod = gracePeriod,
            });
            if (clock is not null)
            {
                options.TimeProvider = clock;
            }
        });

    /// <summary>Signs in through the login form with the emulator's first client and returns the token endpoint's answer.</summary>
    private static async Task<JsonElement> SignInAsync(EmulatorBrowser browser, string username = "alice", string password = "Alice-Pa55")
    {
        var emulator = browser.Emulator;
        var code = await browser.CodeAsync(EmulatorBrowser.AuthorizeQuery(emulator.ClientId, extra: "scope=openid+email+profile"), username, password);
        var answer = await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = EmulatorBrowser.RedirectUri },
            emulator.ClientId,
            emulator.ClientSecret);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await EmulatorBrowser.JsonAsync(answer);
    }

    private static Task<HttpResponseMessage> RefreshAsync(EmulatorBrowser browser, string refreshToken, string? secret = null)
        => browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken },
            browser.Emulator.ClientId,
            secret ?? browser.Emulator.ClientSecret);

    private static async Task<HttpResponseMessage> UserInfoAsync(CognitoEmulator emulator, string accessToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, emulator.Url + "/oauth2/userInfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task AssertInvalidGrantAsync(HttpResponseMessage answer, string description)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(
            $$"""{"error":"invalid_grant","error_description":"{{description}}"}""",
            await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static string RefreshToken(JsonElement tokens) => tokens.GetProperty("refresh_token").GetString()!;

    [Fact]
    public async Task Without_rotation_a_refresh_answers_new_tokens_and_no_refresh_token_and_the_token_keeps_working()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var refreshToken = RefreshToken(await SignInAsync(browser));

        var first = await RefreshAsync(browser, refreshToken);
        var second = await RefreshAsync(browser, refreshToken);

        foreach (var answer in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var body = await EmulatorBrowser.JsonAsync(answer);
            Assert.Equal(["id_token", "access_token", "expires_in", "token_type"], body.EnumerateObject().Select(member => member.Name));
            Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
            Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        }
    }

    [Fact]
    public async Task With_rotation_a_refresh_answers_a_new_refresh_token_of_the_same_sign_in_and_refuses_the_old_one()
    {
        await using var emulator = await StartRotatingAsync();
        using var browser = new EmulatorBrowser(emulator);
        var signIn = await SignInAsync(browser);
        var oldToken = RefreshToken(signIn);

        var rotated = await EmulatorBrowser.JsonAsync(await RefreshAsync(browser, oldToken));
        var again = await RefreshAsync(browser, oldToken);
        var withNewToken = await RefreshAsync(browser, RefreshToken(rotated));

        Assert.NotEqual(oldToken, RefreshToken(rotated));
        Assert.True(rotated.TryGetProperty("id_token", out _));
        await AssertInvalidGrantAsync(again, "Invalid Refresh Token");
        Assert.Equal(HttpStatusCode.OK, withNewToken.StatusCode);

        // The same sign-in: a rotation continues it, so the access tokens keep its origin_jti and auth_time.
        var before = new JsonWebToken(signIn.GetProperty("access_token").GetString());
        var after = new JsonWebToken(rotated.GetProperty("access_token").GetString());
        Assert.Equal(before.GetPayloadValue<string>("origin_jti"), after.GetPayloadValue<string>("origin_jti"));
        Assert.Equal(before.GetPayloadValue<long>("auth_time"), after.GetPayloadValue<long>("auth_time"));
        Assert.Equal(before.GetPayloadValue<string>("scope"), after.GetPayloadValue<string>("scope"));
    }

    [Fact]
    public async Task Within_the_grace_period_the_rotated_out_token_works_exactly_once_more()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await StartRotatingAsync(TimeSpan.FromSeconds(10), clock);
        using var browser = new EmulatorBrowser(emulator);
        var oldToken = RefreshToken(await SignInAsync(browser));

        var first = await EmulatorBrowser.JsonAsync(await RefreshAsync(browser, oldToken));
        clock.Advance(TimeSpan.FromSeconds(9));
        var retry = await RefreshAsync(browser, oldToken);
        var third = await RefreshAsync(browser, oldToken);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var retried = await EmulatorBrowser.JsonAsync(retry);
        Assert.NotEqual(RefreshToken(first), RefreshToken(retried));
        await AssertInvalidGrantAsync(third, "Invalid Refresh Token");

        // Both new refresh tokens are valid: the client whose first answer was lost never saw the first one.
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(browser, RefreshToken(first))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(browser, RefreshToken(retried))).StatusCode);
    }

    [Fact]
    public async Task At_the_end_of_the_grace_period_the_rotated_out_token_is_refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await StartRotatingAsync(TimeSpan.FromSeconds(10), clock);
        using var browser = new EmulatorBrowser(emulator);
        var oldToken = RefreshToken(await SignInAsync(browser));

        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(browser, oldToken)).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(10));

        await AssertInvalidGrantAsync(await RefreshAsync(browser, oldToken), "Invalid Refresh Token");
    }

    [Fact]
    public async Task Twenty_concurrent_redemptions_with_rotation_and_no_grace_period_let_exactly_one_through()
    {
        await using var emulator = await StartRotatingAsync();
        using var browser = new EmulatorBrowser(emulator);
        var refreshToken = RefreshToken(await SignInAsync(browser));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RefreshAsync(browser, refreshToken)));

        Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.OK);
        Assert.Equal(19, answers.Count(answer => answer.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(20, emulator.RefreshRequests);
    }

    [Fact]
    public async Task Twenty_concurrent_redemptions_within_the_grace_period_let_exactly_two_through()
    {
        await using var emulator = await StartRotatingAsync(TimeSpan.FromSeconds(60));
        using var browser = new EmulatorBrowser(emulator);
        var refreshToken = RefreshToken(await SignInAsync(browser));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RefreshAsync(browser, refreshToken)));

        var issued = await Task.WhenAll(answers.Where(answer => answer.StatusCode == HttpStatusCode.OK).Select(EmulatorBrowser.JsonAsync));
        Assert.Equal(2, issued.Length);
        Assert.NotEqual(RefreshToken(issued[0]), RefreshToken(issued[1]));
        Assert.Equal(20, emulator.RefreshRequests);
    }

    [Fact]
    public async Task A_refresh_token_expires_after_RefreshTokenLifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options =>
        {
            options.TimeProvider = clock;
            options.RefreshTokenLifetime = TimeSpan.FromDays(1);
        });
        using var browser = new EmulatorBrowser(emulator);
        var refreshToken = RefreshToken(await SignInAsync(browser));

        clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        var justBefore = await RefreshAsync(browser, refreshToken);
        clock.Advance(TimeSpan.FromSeconds(1));
        var atTheEnd = await RefreshAsync(browser, refreshToken);

        Assert.Equal(HttpStatusCode.OK, justBefore.StatusCode);
        await AssertInvalidGrantAsync(atTheEnd, "Refresh Token has expired");
    }

    [Fact]
    public async Task A_refresh_token_lasts_30_days_by_default_as_Cognitos_do()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options => options.TimeProvider = clock);
        using var browser = new EmulatorBrowser(emulator);
        var refreshToken = RefreshToken(await SignInAsync(browser));

        clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        var justBefore = await RefreshAsync(browser, refreshToken);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, justBefore.StatusCode);
        await AssertInvalidGrantAsync(await RefreshAsync(browser, refreshToken), "Refresh Token has expired");
    }

    [Fact]
    public async Task A_rotated_refresh_token_has_a_whole_lifetime_of_its_own()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options =>
        {
            options.TimeProvider = clock;
            options.RefreshTokenLifetime = TimeSpan.FromDays(1);
            options.Clients.Add(new CognitoEmulatorClient { ClientId = RotatingClientId, ClientSecret = RotatingClientSecret, RefreshTokenRotation = true });
        });
        using var browser = new EmulatorBrowser(emulator);
        var original = RefreshToken(await SignInAsync(browser));

        clock.Advance(TimeSpan.FromHours(23));
        var rotated = RefreshToken(await EmulatorBrowser.JsonAsync(await RefreshAsync(browser, original)));
        clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(browser, rotated)).StatusCode);
    }

    [Fact]
    public async Task Revoking_a_rotated_refresh_token_ends_the_sign_in()
    {
        await using var emulator = await StartRotatingAsync();
        using var browser = new EmulatorBrowser(emulator);
        var rotated = await EmulatorBrowser.JsonAsync(await RefreshAsync(browser, RefreshToken(await SignInAsync(browser))));

        var revoked = await browser.PostFormAsync(
            "/oauth2/revoke",
            new Dictionary<string, string> { ["token"] = RefreshToken(rotated) },
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{RotatingClientId}:{RotatingClientSecret}")));
        var refresh = await RefreshAsync(browser, RefreshToken(rotated));
        var userInfo = await UserInfoAsync(emulator, rotated.GetProperty("access_token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await AssertInvalidGrantAsync(refresh, "Refresh Token has been revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
    }

    [Fact]
    public async Task GlobalSignOut_revokes_every_refresh_and_access_token_of_the_user_and_no_one_elses()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var aliceOnePhone = new EmulatorBrowser(emulator);
        using var aliceOtherPhone = new EmulatorBrowser(emulator);
        using var bobsBrowser = new EmulatorBrowser(emulator);
        var alice = new[] { await SignInAsync(aliceOnePhone), await SignInAsync(aliceOtherPhone) };
        var bob = await SignInAsync(bobsBrowser, "bob", "Bob-Pa55");

        emulator.GlobalSignOut("alice");

        foreach (var tokens in alice)
        {
            await AssertInvalidGrantAsync(await RefreshAsync(aliceOnePhone, RefreshToken(tokens)), "Refresh Token has been revoked");
            Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(emulator, tokens.GetProperty("access_token").GetString()!)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(bobsBrowser, RefreshToken(bob))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(emulator, bob.GetProperty("access_token").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task GlobalSignOut_revokes_the_refresh_tokens_rotated_from_a_sign_in()
    {
        await using var emulator = await StartRotatingAsync();
        using var browser = new EmulatorBrowser(emulator);
        var rotated = RefreshToken(await EmulatorBrowser.JsonAsync(await RefreshAsync(browser, RefreshToken(await SignInAsync(browser)))));

        emulator.GlobalSignOut("alice");

        await AssertInvalidGrantAsync(await RefreshAsync(browser, rotated), "Refresh Token has been revoked");
    }

    [Fact]
    public async Task A_sign_in_after_GlobalSignOut_gives_tokens_that_work()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        await SignInAsync(browser);

        emulator.GlobalSignOut("alice");
        using var laterBrowser = new EmulatorBrowser(emulator);
        var later = await SignInAsync(laterBrowser);

        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(laterBrowser, RefreshToken(later))).StatusCode);
    }

    [Fact]
    public async Task GlobalSignOut_of_an_unknown_user_throws_and_names_the_user()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();

        var error = Assert.Throws<ArgumentException>(() => emulator.GlobalSignOut("mallory"));

        Assert.Contains("'mallory'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshRequests_counts_every_refresh_request_whatever_its_outcome_and_nothing_else()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var refreshToken = RefreshToken(await SignInAsync(browser));

        await RefreshAsync(browser, refreshToken);
        await RefreshAsync(browser, refreshToken, secret: "wrong-secret");
        await RefreshAsync(browser, "made-up");

        Assert.Equal(3, emulator.RefreshRequests);
        Assert.Equal(4, emulator.TokenRequests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_RefreshTokenLifetime_that_is_not_positive_fails_the_start_and_names_the_option(int seconds)
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => CognitoEmulator.StartAsync(
            options => options.RefreshTokenLifetime = TimeSpan.FromSeconds(seconds), TestContext.Current.CancellationToken));

        Assert.Contains("RefreshTokenLifetime", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public async Task A_RetryGracePeriod_outside_0_to_60_seconds_fails_the_start_and_names_the_option_and_client(int seconds)
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => CognitoEmulator.StartAsync(
            options => options.Clients.Add(new CognitoEmulatorClient
            {
                ClientId = RotatingClientId,
                RefreshTokenRotation = true,
                RetryGracePeriod = TimeSpan.FromSeconds(seconds),
            }),
            TestContext.Current.CancellationToken));

        Assert.Contains("RetryGracePeriod", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{RotatingClientId}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    public async Task A_RetryGracePeriod_of_0_or_60_seconds_is_accepted(int seconds)
    {
        await using var emulator = await StartRotatingAsync(TimeSpan.FromSeconds(seconds));

        Assert.Equal(RotatingClientId, emulator.ClientId);
    }
}
