using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

using static OAuth2Generic.Tests.IdToken.ClaimsEdits;

namespace OAuth2Generic.Tests.IdToken;

/// <summary>
/// The id_token of a generic scheme configured with an Authority, against an OpenID Connect provider on WireMock: the
/// claims of each user-information source, and every hostile token refused through a real callback.
/// </summary>
public sealed class GenericIdTokenTests : IDisposable
{
    private readonly FakeOidcProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    public static TheoryData<UserInformationSource, bool> Sources => new()
    {
        { UserInformationSource.UserInfo, true },
        { UserInformationSource.IdToken, false },
        { UserInformationSource.Both, true },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task A_valid_id_token_signs_the_user_in_from_the_chosen_source(UserInformationSource source, bool callsUserInfo)
    {
        _provider.Discovery().Jwks().UserInfo($$"""{"sub":"{{FakeOidcProvider.Subject}}","name":"Ada from user info","email":"ada@example.com"}""");
        await using var app = await StartApp(options => options.UserInformationSource = source);
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await _provider.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Empty(app.Failures);
        Assert.Equal(43, BrowserSession.Parameters(authorizeUrl)["nonce"].Length);
        Assert.Equal("openid profile", BrowserSession.Parameters(authorizeUrl)["scope"]);
        var claims = (await browser.ClaimsAsync())!;
        Assert.Equal(FakeOidcProvider.Subject, Assert.Single(claims, claim => claim.Type == ClaimTypes.NameIdentifier).Value);
        Assert.Equal(source == UserInformationSource.IdToken ? "Ada Lovelace" : "Ada from user info", Assert.Single(claims, claim => claim.Type == ClaimTypes.Name).Value);
        if (source != UserInformationSource.UserInfo)
        {
            // A member only the id_token has, mapped by the OpenID Connect name of first_name.
            Assert.Equal("Ada", Assert.Single(claims, claim => claim.Type == ClaimTypes.GivenName).Value);
        }

        Assert.Equal(callsUserInfo ? 1 : 0, _provider.Provider.RequestsTo(FakeOidcProvider.UserInfoPath).Count);
    }

    [Fact]
    public async Task A_user_info_answer_about_another_user_than_the_id_token_ends_the_sign_in()
    {
        _provider.Discovery().Jwks().UserInfo("""{"sub":"someone-else","name":"Eve"}""");
        await using var app = await StartApp();

        await _provider.SignInAsync(app.NewSession());

        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.UserInformation, failure.Step);
    }

    public static TheoryData<string, Func<Dictionary<string, object>, string?>, string, string> HostileTokens => new()
    {
        { "wrong issuer", claims => FakeCognito.Sign(With(claims, "iss", "https://other.example")), "issuer", "The id_token was issued by 'https://other.example', not by" },
        { "wrong audience", claims => FakeCognito.Sign(With(claims, "aud", "another-client")), "audience", "The id_token is for audience 'another-client', not for this ClientId." },
        { "foreign azp", claims => FakeCognito.Sign(With(With(claims, "aud", new[] { FakeProvider.ClientId, "another-client" }), "azp", "another-client")), "authorized_party", "The id_token was issued to the authorized party (azp) \"another-client\"" },
        { "several audiences, no azp", claims => FakeCognito.Sign(With(claims, "aud", new[] { FakeProvider.ClientId, "another-client" })), "authorized_party", "The id_token is for several audiences" },
        { "expired", claims => FakeCognito.Sign(With(With(claims, "exp", DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds()), "iat", DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds())), "expired", "The id_token expired at " },
        { "missing nonce", claims => FakeCognito.Sign(Without(claims, "nonce")), "nonce", "The id_token's nonce does not match the one sent with this sign-in." },
        { "replayed nonce", claims => FakeCognito.Sign(With(claims, "nonce", "the-nonce-of-an-earlier-sign-in")), "nonce", "The id_token's nonce does not match the one sent with this sign-in." },
        { "alg none", claims => Unsigned(claims), "not_signed", "The id_token is not signed." },
        { "HS256 keyed with the public key", claims => FakeCognito.Sign(claims, new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(FakeCognito.JwksJson())) { KeyId = "key-1" }, SecurityAlgorithms.HmacSha256), "algorithm", "The id_token is signed with 'HS256'; only RS256 is accepted." },
        { "unknown crit", claims => FakeCognito.SignJson(FakeCognito.PayloadWith(claims, ""), """{"alg":"RS256","kid":"key-1","crit":["exp2"],"exp2":1}"""), "critical_header", "The id_token's header marks extensions as critical" },
        { "a repeated sub", claims => FakeCognito.SignJson(FakeCognito.PayloadWith(claims, ""","sub":"someone-else" """)), "malformed", "The id_token's payload is not a JSON object this package accepts: it repeats a member" },
        { "a published key under another kid", claims => FakeCognito.Sign(claims, new RsaSecurityKey(FakeCognito.SigningKey.Rsa) { KeyId = "key-9" }), "signing_key", "The id_token is signed with key 'key-9', which the provider's keys (" },
        { "a kid that is not a string", claims => FakeCognito.SignJson(FakeCognito.PayloadWith(claims, ""), """{"alg":"RS256","kid":1}"""), "malformed", "The id_token's kid is not a string." },
        { "a signature that is not base64url", claims => FakeCognito.Sign(claims) + "AAA", "malformed", "The id_token's signature is not base64url." },
        { "white space in the token", claims => FakeCognito.Sign(claims)!.Insert(20, " "), "malformed", "The token endpoint returned an id_token that is not a JWT." },
        { "no id_token", _ => null, "missing", "The token endpoint returned no id_token; an OpenID Connect provider sends one when the scope includes openid." },
    };

    [Theory]
    [MemberData(nameof(HostileTokens))]
    public async Task A_hostile_id_token_ends_the_sign_in(string name, Func<Dictionary<string, object>, string?> idToken, string check, string expected)
    {
        Assert.NotEmpty(name);
        _provider.Discovery().Jwks().UserInfo();
        await using var app = await StartApp();
        var browser = app.NewSession();

        var (_, callback) = await _provider.SignInAsync(browser, idToken);

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        Assert.Null(await browser.ClaimsAsync());
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.IdToken, failure.Step);
        Assert.Equal(check, failure.IdTokenCheck);
        Assert.StartsWith(expected, failure.Message, StringComparison.Ordinal);
        Assert.Empty(_provider.Provider.RequestsTo(FakeOidcProvider.UserInfoPath));
    }

    [Fact]
    public async Task An_unknown_kid_fetches_the_keys_once_more_and_no_more_within_the_refresh_interval()
    {
        _provider.Discovery().Jwks();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartApp(options =>
        {
            options.UserInformationSource = UserInformationSource.IdToken;
            options.TimeProvider = clock;
        });
        await _provider.SignInAsync(app.NewSession());
        clock.Advance(TimeSpan.FromSeconds(31));

        await _provider.SignInAsync(app.NewSession(), claims => FakeCognito.Sign(claims, FakeCognito.RotatedKey));
        await _provider.SignInAsync(app.NewSession(), claims => FakeCognito.Sign(claims, FakeCognito.RotatedKey));

        // The first fetch, then one more for the unknown kid; the second token's unknown kid finds the throttle.
        Assert.Equal(2, _provider.Provider.RequestsTo(FakeOidcProvider.JwksPath).Count);
        Assert.Equal(2, app.Failures.Count);
        Assert.All(app.Failures, failure => Assert.Equal("signing_key", Assert.IsType<OAuth2GenericException>(failure).IdTokenCheck));
    }

    [Fact]
    public async Task A_key_published_after_a_rotation_verifies_the_token_that_named_it()
    {
        _provider.Discovery().Jwks();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartApp(options =>
        {
            options.UserInformationSource = UserInformationSource.IdToken;
            options.TimeProvider = clock;
        });
        await _provider.SignInAsync(app.NewSession());
        _provider.Jwks(FakeCognito.SigningKey, FakeCognito.RotatedKey);
        clock.Advance(TimeSpan.FromSeconds(31));

        var (_, callback) = await _provider.SignInAsync(app.NewSession(), claims => FakeCognito.Sign(claims, FakeCognito.RotatedKey));

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Empty(app.Failures);
        Assert.Equal(2, _provider.Provider.RequestsTo(FakeOidcProvider.JwksPath).Count);
    }

    private Task<TestApp> StartApp(Action<OAuth2GenericOptions>? configure = null) =>
        TestApp.StartAsync(auth => auth.AddOAuth2Generic("oidc", options =>
        {
            _provider.Configure(options);
            configure?.Invoke(options);
        }));

    // alg none: a header that says so and an empty signature (RFC 7519 §6.1).
    private static string Unsigned(Dictionary<string, object> claims) =>
        Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "."
        + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(claims)) + ".";
}
