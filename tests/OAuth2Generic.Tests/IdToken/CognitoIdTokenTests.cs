using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OAuth2Generic.Cognito;

using static OAuth2Generic.Tests.IdToken.ClaimsEdits;

namespace OAuth2Generic.Tests.IdToken;

/// <summary>
/// id_token validation against a JWKS served on 127.0.0.1 with a locally generated RSA key: a valid token gives roles
/// from groups; every way a token can be wrong ends the sign-in; and the user-information sources.
/// </summary>
public sealed class CognitoIdTokenTests : IDisposable
{
    private readonly FakeCognito _cognito = new();

    public void Dispose() => _cognito.Dispose();

    [Fact]
    public async Task A_valid_id_token_makes_cognito_groups_roles_and_keeps_the_cognito_username()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp();
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await _cognito.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var claims = await browser.ClaimsAsync();
        Assert.Equal(["admins", "editors"], claims!.Where(claim => claim.Type == ClaimTypes.Role).Select(claim => claim.Value).Order());
        Assert.Equal("bob", Assert.Single(claims!, claim => claim.Type == "cognito:username").Value);
        Assert.Contains(claims!, claim => claim.Type == ClaimTypes.Email && claim.Value == "bob@example.com");
        Assert.Equal(43, BrowserSession.Parameters(authorizeUrl)["nonce"].Length);
    }

    [Fact]
    public async Task The_nonce_is_not_stored_in_the_authentication_cookie()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp();
        var browser = app.NewSession();

        await _cognito.SignInAsync(browser);

        using var ticket = await browser.GetAsync("/ticket");
        var record = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TicketRecord>(
            ticket.Content, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(record!.Items.Keys, key => key.Contains("nonce", StringComparison.Ordinal));
    }

    public static TheoryData<string, Func<Dictionary<string, object>, string>, string> BadTokens => new()
    {
        { "wrong signature", claims => FakeCognito.Sign(claims, FakeCognito.ForeignKeyWithKnownId), "The id_token's signature does not verify with the user pool's keys." },
        { "unknown key", claims => FakeCognito.Sign(claims, FakeCognito.RotatedKey), "The id_token is signed with key 'key-2', which the user pool's keys" },
        { "wrong audience", claims => FakeCognito.Sign(With(claims, "aud", "another-client")), "The id_token is for audience 'another-client', not for this ClientId." },
        { "wrong issuer", claims => FakeCognito.Sign(With(claims, "iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other")), "The id_token was issued by 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other', not by" },
        { "expired", claims => FakeCognito.Sign(Expired(claims)), "The id_token expired at " },
        { "not yet valid", claims => FakeCognito.Sign(With(claims, "nbf", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds())), "The id_token is not valid before " },
        { "no exp", claims => FakeCognito.Sign(Without(claims, "exp")), "The id_token has no exp." },
        { "nbf after exp", claims => FakeCognito.Sign(With(claims, "nbf", DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds())), "The id_token's nbf " },
        { "wrong nonce", claims => FakeCognito.Sign(With(claims, "nonce", "another-nonce")), "The id_token's nonce does not match the one sent with this sign-in." },
        { "no nonce", claims => FakeCognito.Sign(Without(claims, "nonce")), "The id_token's nonce does not match the one sent with this sign-in." },
        { "access token", claims => FakeCognito.Sign(With(claims, "token_use", "access")), "The id_token has token_use 'access', not 'id'." },
        { "HMAC", claims => FakeCognito.Sign(claims, new SymmetricSecurityKey(new byte[32]) { KeyId = "key-1" }, SecurityAlgorithms.HmacSha256), "The id_token is signed with 'HS256'; only RS256 is accepted." },
        { "unsigned", claims => UnsignedToken(claims), "The id_token is not signed." },
        { "not a JWT", _ => "not-a-jwt", "The token endpoint returned an id_token that is not a JWT." },
        { "a repeated sub", claims => FakeCognito.SignJson(FakeCognito.PayloadWith(claims, ""","sub":"someone-else" """)), "The id_token's payload is not a JSON object this package accepts: it repeats a member" },
        { "a lone surrogate", claims => FakeCognito.SignJson(FakeCognito.PayloadWith(claims, ""","custom:x":"\ud800" """)), "The id_token's payload is not a JSON object this package accepts" },
        { "a repeated header member", claims => FakeCognito.SignJson(FakeCognito.PayloadWith(claims, ""), """{"alg":"RS256","kid":"key-1","alg":"RS256"}"""), "The id_token's header is not a JSON object this package accepts" },
        { "an unknown critical extension", claims => FakeCognito.SignJson(FakeCognito.PayloadWith(claims, ""), """{"alg":"RS256","kid":"key-1","crit":["exp2"],"exp2":1}"""), "The id_token's header marks extensions as critical (crit [\"exp2\"]) that this package does not understand (RFC 7515 §4.1.11)." },
        { "several audiences, azp another client", claims => FakeCognito.Sign(With(With(claims, "aud", new[] { FakeProvider.ClientId, "another-client" }), "azp", "another-client")), "The id_token was issued to the authorized party (azp) \"another-client\", not to this ClientId." },
        { "several audiences, no azp", claims => FakeCognito.Sign(With(claims, "aud", new[] { FakeProvider.ClientId, "another-client" })), $"The id_token is for several audiences ('{FakeProvider.ClientId} another-client') and names no authorized party (azp)" },
        { "azp another client", claims => FakeCognito.Sign(With(claims, "azp", "another-client")), "The id_token was issued to the authorized party (azp) \"another-client\", not to this ClientId." },
        { "issued in the future", claims => FakeCognito.Sign(With(claims, "iat", DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds())), "The id_token was issued at " },
        { "700 KB", claims => FakeCognito.Sign(With(claims, "padding", new string('x', 700 * 1024))), "The token endpoint returned an id_token of " },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_id_token_ends_the_sign_in(string name, Func<Dictionary<string, object>, string> idToken, string expected)
    {
        Assert.NotEmpty(name);
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp();
        var browser = app.NewSession();

        var (_, callback) = await _cognito.SignInAsync(browser, idToken);

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        Assert.Null(await browser.ClaimsAsync());
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.IdToken, failure.Step);
        Assert.StartsWith(expected, failure.Message, StringComparison.Ordinal);
        Assert.Empty(_cognito.Provider.RequestsTo(FakeCognito.UserInfoPath));
    }

    [Fact]
    public async Task The_id_tokens_lifetime_is_checked_by_the_schemes_clock_not_the_machines()
    {
        // A token valid for an hour from the machine's now, read by a scheme whose clock is two hours ahead.
        _cognito.Jwks().UserInfo();
        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(2));
        await using var app = await StartApp(options => options.TimeProvider = later);
        var browser = app.NewSession();

        var (_, callback) = await _cognito.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.IdToken, failure.Step);
        Assert.StartsWith("The id_token expired at ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_not_yet_valid_by_the_schemes_clock_is_refused_though_the_machines_clock_has_passed_its_nbf()
    {
        // A token whose nbf is a minute past the machine's now, read by a scheme whose clock is ten minutes behind.
        _cognito.Jwks().UserInfo();
        var earlier = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10));
        await using var app = await StartApp(options => options.TimeProvider = earlier);
        var browser = app.NewSession();
        var nbf = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();

        var (_, callback) = await _cognito.SignInAsync(browser, claims => FakeCognito.Sign(With(With(claims, "nbf", nbf), "iat", nbf)));

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal("not_yet_valid", failure.IdTokenCheck);
    }

    public static TheoryData<string, Func<Dictionary<string, object>, string>> TokensAtTheEdgeOfTheRules => new()
    {
        { "several audiences, azp this client", claims => FakeCognito.Sign(With(With(claims, "aud", new[] { FakeProvider.ClientId, "another-client" }), "azp", FakeProvider.ClientId)) },
        { "issued in the future within the clock skew", claims => FakeCognito.Sign(With(claims, "iat", DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeSeconds())) },
        { "no kid (every key of the pool is tried)", claims => FakeCognito.Sign(claims, new RsaSecurityKey(FakeCognito.SigningKey.Rsa)) },
    };

    [Theory]
    [MemberData(nameof(TokensAtTheEdgeOfTheRules))]
    public async Task A_token_at_the_edge_of_the_rules_is_accepted(string name, Func<Dictionary<string, object>, string> idToken)
    {
        Assert.NotEmpty(name);
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp();
        var browser = app.NewSession();

        var (_, callback) = await _cognito.SignInAsync(browser, idToken);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Empty(app.Failures);
    }

    public static TheoryData<string, string, string> UntrustworthyKeySets => new()
    {
        // IdentityModel does not look at a key's alg: a key published for RS512 would verify RS256 tokens.
        { "a key for another algorithm", FakeCognito.JwksJson().Replace("\"RS256\"", "\"RS512\"", StringComparison.Ordinal), ") returned a JSON Web Key Set with no key to use" },
        { "a repeated member", FakeCognito.JwksJson().Replace("\"kid\":\"key-1\"", "\"kid\":\"key-1\",\"kid\":\"key-1\"", StringComparison.Ordinal), ") returned a body that is not JSON (application/json, " },
    };

    [Theory]
    [MemberData(nameof(UntrustworthyKeySets))]
    public async Task A_key_set_that_cannot_be_trusted_as_it_is_verifies_no_token(string name, string jwks, string expected)
    {
        Assert.NotEmpty(name);
        _cognito.JwksDocument(jwks).UserInfo();
        await using var app = await StartApp();
        var browser = app.NewSession();

        await _cognito.SignInAsync(browser);

        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.IdToken, failure.Step);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_under_2048_bits_that_the_pool_publishes_verifies_no_id_token()
    {
        var weak = new RsaSecurityKey(System.Security.Cryptography.RSA.Create(1024)) { KeyId = "weak-key" };
        _cognito.Jwks(FakeCognito.SigningKey, weak).UserInfo();
        await using var app = await StartApp();

        var (_, callback) = await _cognito.SignInAsync(
            app.NewSession(), claims => FakeCognito.SignJson(System.Text.Json.JsonSerializer.Serialize(claims), key: weak));

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.IdToken, failure.Step);
        Assert.Contains("The id_token is signed with key 'weak-key', which the user pool's keys", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_response_without_an_id_token_ends_the_sign_in()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp();
        var browser = app.NewSession();

        await _cognito.SignInAsync(browser, _ => null!);

        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal("The token endpoint returned no id_token; Cognito sends one when the scope includes openid.", failure.Message);
    }

    [Fact]
    public async Task With_IdToken_as_the_source_the_userInfo_endpoint_receives_no_request()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp(options => options.UserInformationSource = UserInformationSource.IdToken);
        var browser = app.NewSession();

        await _cognito.SignInAsync(browser);

        Assert.Empty(_cognito.Provider.RequestsTo(FakeCognito.UserInfoPath));
        var claims = await browser.ClaimsAsync();
        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, FakeCognito.Subject),
                (ClaimTypes.Name, "bob@example.com"),
                (OAuth2GenericClaimTypes.Nickname, "bob@example.com"),
                (ClaimTypes.Email, "bob@example.com"),
                ("sub", FakeCognito.Subject),
                ("email_verified", "true"),
                ("email", "bob@example.com"),
                ("auth_time", claims!.Single(claim => claim.Type == "auth_time").Value),
                ("cognito:username", "bob"),
                ("cognito:groups", "admins"),
                ("cognito:groups", "editors"),
                (ClaimTypes.Role, "admins"),
                (ClaimTypes.Role, "editors"),
            ],
            claims);
    }

    [Fact]
    public async Task With_Both_the_documents_are_merged_and_userInfo_wins_a_conflict()
    {
        _cognito.Jwks().UserInfo($$"""{"sub":"{{FakeCognito.Subject}}","email":"new@example.com","email_verified":"true","custom:tier":"gold"}""");
        await using var app = await StartApp(options => options.UserInformationSource = UserInformationSource.Both);
        var browser = app.NewSession();

        await _cognito.SignInAsync(browser);

        var claims = await browser.ClaimsAsync();
        Assert.Equal("new@example.com", Assert.Single(claims!, claim => claim.Type == ClaimTypes.Email).Value);
        Assert.Equal("gold", Assert.Single(claims!, claim => claim.Type == "custom:tier").Value);
        Assert.Equal("bob", Assert.Single(claims!, claim => claim.Type == "cognito:username").Value);
        Assert.Equal(2, claims!.Count(claim => claim.Type == ClaimTypes.Role));
        Assert.Single(_cognito.Provider.RequestsTo(FakeCognito.UserInfoPath));
    }

    [Fact]
    public async Task Roles_come_from_the_signed_token_never_from_userInfo()
    {
        _cognito.Jwks().UserInfo($$"""{"sub":"{{FakeCognito.Subject}}","cognito:groups":["root"]}""");
        await using var app = await StartApp(options => options.UserInformationSource = UserInformationSource.Both);
        var browser = app.NewSession();

        await _cognito.SignInAsync(browser);

        var claims = await browser.ClaimsAsync();
        Assert.Equal(["admins", "editors"], claims!.Where(claim => claim.Type == ClaimTypes.Role).Select(claim => claim.Value).Order());
        Assert.Equal(["admins", "editors"], claims!.Where(claim => claim.Type == "cognito:groups").Select(claim => claim.Value).Order());
    }

    [Theory]
    [InlineData(UserInformationSource.UserInfo, """{"sub":"someone-else","email":"mallory@example.com"}""")]
    [InlineData(UserInformationSource.Both, """{"sub":"someone-else","email":"mallory@example.com"}""")]
    [InlineData(UserInformationSource.Both, """{"email":"mallory@example.com","email_verified":"true"}""")]
    [InlineData(UserInformationSource.UserInfo, """{"sub":248289761001}""")]
    public async Task A_userInfo_answer_that_is_not_about_the_id_tokens_user_ends_the_sign_in(UserInformationSource source, string userInfo)
    {
        _cognito.Jwks().UserInfo(userInfo);
        await using var app = await StartApp(options => options.UserInformationSource = source);
        var browser = app.NewSession();

        await _cognito.SignInAsync(browser);

        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.UserInformation, failure.Step);
        Assert.Equal("The userInfo endpoint's sub is not the id_token's: the two answers are not about the same user.", failure.Message);
        Assert.Null(await browser.ClaimsAsync());
    }

    [Fact]
    public async Task An_issuer_written_with_a_trailing_slash_matches_the_tokens_iss()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp(options => options.Issuer = _cognito.Issuer + "/");
        var browser = app.NewSession();

        var (_, callback) = await _cognito.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Empty(app.Failures);
        Assert.Single(_cognito.Provider.RequestsTo(FakeCognito.JwksPath));
    }

    [Fact]
    public async Task An_issuer_set_by_the_applications_own_post_configuration_is_used()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await TestApp.StartAsync(auth =>
        {
            auth.AddCognito(_cognito.Configure);
            auth.Services.PostConfigure<CognitoOptions>(CognitoDefaults.AuthenticationScheme, options => options.Issuer = _cognito.Issuer);
        });
        var browser = app.NewSession();

        var (_, callback) = await _cognito.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(2, (await browser.ClaimsAsync())!.Count(claim => claim.Type == ClaimTypes.Role));
    }

    [Fact]
    public async Task Each_backchannel_exchange_gets_the_whole_timeout_even_when_an_earlier_timer_ran_out_meanwhile()
    {
        // Token answer 1.5 s, keys 1.5 s, timeout 2.5 s: one timer for the whole callback would run out during the key
        // fetch, while each exchange on its own is a second inside it (room for a busy machine's first connection).
        _cognito.JwksSlowly(TimeSpan.FromMilliseconds(1500)).UserInfo();
        await using var app = await StartApp(options => options.BackchannelTimeout = TimeSpan.FromMilliseconds(2500));
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync(CognitoDefaults.AuthenticationScheme);
        var code = "slow-code";
        _cognito.Provider.Respond(
            WireMock.RequestBuilders.Request.Create().WithPath(FakeCognito.TokenPath).UsingPost(),
            200,
            System.Text.Json.JsonSerializer.Serialize(new
            {
                access_token = FakeProvider.AccessToken,
                token_type = "Bearer",
                id_token = FakeCognito.Sign(_cognito.IdTokenClaims(BrowserSession.Parameters(authorizeUrl)["nonce"])),
            }),
            "application/json",
            delay: TimeSpan.FromMilliseconds(1500));

        using var callback = await browser.CallbackWithStateAsync(authorizeUrl, $"code={code}");

        Assert.Empty(app.Failures);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
    }

    [Fact]
    public async Task The_signing_keys_are_fetched_once_for_many_sign_ins()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp();

        await _cognito.SignInAsync(app.NewSession());
        await _cognito.SignInAsync(app.NewSession());

        Assert.Single(_cognito.Provider.RequestsTo(FakeCognito.JwksPath));
    }

    [Fact]
    public async Task A_token_signed_with_a_rotated_key_is_accepted_after_the_keys_are_fetched_again()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp(options => options.RefreshInterval = TimeSpan.Zero);
        await _cognito.SignInAsync(app.NewSession());

        _cognito.Jwks(FakeCognito.SigningKey, FakeCognito.RotatedKey);
        var browser = app.NewSession();
        var (_, callback) = await _cognito.SignInAsync(browser, claims => FakeCognito.Sign(claims, FakeCognito.RotatedKey));

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Empty(app.Failures);
        Assert.Equal(2, _cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count);
    }

    [Fact]
    public async Task An_unknown_key_does_not_refetch_the_keys_within_the_refresh_interval()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp(options => options.RefreshInterval = TimeSpan.FromHours(1));
        await _cognito.SignInAsync(app.NewSession());

        await _cognito.SignInAsync(app.NewSession(), claims => FakeCognito.Sign(claims, FakeCognito.RotatedKey));

        Assert.Single(app.Failures);
        Assert.Single(_cognito.Provider.RequestsTo(FakeCognito.JwksPath));
    }

    [Fact]
    public async Task Unreachable_signing_keys_end_the_sign_in_naming_the_JWKS_URL()
    {
        _cognito.UserInfo();
        await using var app = await StartApp();
        var browser = app.NewSession();

        await _cognito.SignInAsync(browser);

        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.IdToken, failure.Step);
        Assert.StartsWith($"The user pool's signing keys could not be fetched from {_cognito.Issuer}/.well-known/jwks.json", failure.Message, StringComparison.Ordinal);
    }

    private Task<TestApp> StartApp(Action<CognitoOptions>? configure = null) =>
        TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.ConfigureWithIdToken(options);
            configure?.Invoke(options);
        }));

    private static Dictionary<string, object> Expired(Dictionary<string, object> claims)
    {
        var past = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
        claims["iat"] = past;
        claims["auth_time"] = past;
        claims["exp"] = past + 3600;
        return claims;
    }

    private static string UnsignedToken(Dictionary<string, object> claims) =>
        new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(new SecurityTokenDescriptor { Claims = claims });
}
