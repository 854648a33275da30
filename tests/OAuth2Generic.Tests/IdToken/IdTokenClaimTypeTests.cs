using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.IdToken;

/// <summary>
/// The sign-in's id_token is held to the same claim-type rules as an API's tokens (<c>CognitoClaimTypeRules</c>): a
/// claim of the wrong JSON type ends the sign-in at step <c>IdToken</c> (check <c>claim_type</c>) before any key is
/// fetched; its times are compared with the scheme's clock exactly; and either of Cognito's issuer forms is the pool's.
/// </summary>
public sealed class IdTokenClaimTypeTests : IDisposable
{
    private const string Pool = FakeCognito.UserPoolId;
    private const string Regional = $"https://cognito-idp.us-east-1.amazonaws.com/{Pool}";
    private const string Global = $"https://issuer-cognito-idp.us-east-1.amazonaws.com/{Pool}";

    private readonly FakeCognito _cognito = new();

    public void Dispose() => _cognito.Dispose();

    public static TheoryData<string, string, string> WrongTypes => new()
    {
        { "iss", "1", "The id_token's iss is a number, where a string is required (RFC 7519 §4.1.1)." },
        { "sub", """["248289761001"]""", "The id_token's sub is an array, where a string is required (RFC 7519 §4.1.2)." },
        { "aud", """["a",1]""", "The id_token's aud is an array holding a number, where a string or an array of strings is required (RFC 7519 §4.1.3)." },
        { "exp", "1e400", "The id_token's exp is a number beyond a double's range (not finite), where a finite number is required (RFC 7519 §4.1.4)." },
        { "nbf", "null", "The id_token's nbf is null, where a finite number is required (RFC 7519 §4.1.5)." },
        { "iat", "\"now\"", "The id_token's iat is a string, where a finite number is required (RFC 7519 §4.1.6)." },
        { "jti", "1", "The id_token's jti is a number, where a string is required (RFC 7519 §4.1.7)." },
        { "scope", "{}", "The id_token's scope is an object, where a string is required (RFC 8693 §4.2)." },
        { "client_id", "true", "The id_token's client_id is a boolean, where a string is required (RFC 8693 §4.3)." },
        { "token_use", """["id"]""", "The id_token's token_use is an array, where a string is required (Cognito's token shape)." },
        { "username", "1", "The id_token's username is a number, where a string is required (Cognito's token shape)." },
        { "cognito:username", "null", "The id_token's cognito:username is null, where a string is required (Cognito's token shape)." },
        { "cognito:groups", "\"admins\"", "The id_token's cognito:groups is a string, where an array of strings is required (Cognito's token shape)." },
        { "auth_time", "\"1700000000\"", "The id_token's auth_time is a string, where a finite number is required (OpenID Connect Core §2)." },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_claim_of_the_wrong_type_ends_the_sign_in_before_any_key_is_fetched(string claim, string json, string message)
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp();

        var (_, callback) = await _cognito.SignInAsync(app.NewSession(), claims => FakeCognito.SignJson(With(claims, claim, json)));

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.IdToken, failure.Step);
        Assert.Equal("claim_type", failure.IdTokenCheck);
        Assert.Equal(message, failure.Message);
        Assert.Empty(_cognito.Provider.RequestsTo(FakeCognito.JwksPath));
        Assert.Empty(_cognito.Provider.RequestsTo(FakeCognito.UserInfoPath));
    }

    public static TheoryData<string, double, string?> Times => new()
    {
        // Seconds from the scheme's clock, which is a quarter of a second past a whole second.
        { "nbf", 0.5, "not_yet_valid" },
        { "nbf", 0, null },
        { "exp", -0.125, "expired" },
        { "exp", 0, null },
        { "exp", 0.25, null },
        { "iat", 0.5, "issued_at" },
        { "iat", 0, null },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public async Task Exp_nbf_and_iat_are_compared_with_the_schemes_clock_exactly(string claim, double fromNow, string? check)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddMilliseconds(250);
        var clock = new FakeTimeProvider(now);
        _cognito.Clock = clock;
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp(options =>
        {
            options.TimeProvider = clock;
            options.ClockSkew = TimeSpan.Zero;
        });
        var seconds = (now.ToUnixTimeMilliseconds() / 1000.0) + fromNow;

        var (_, callback) = await _cognito.SignInAsync(app.NewSession(), claims => FakeCognito.SignJson(With(claims, claim, JsonSerializer.Serialize(seconds))));

        if (check is null)
        {
            Assert.Empty(app.Failures);
            Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        }
        else
        {
            Assert.Equal(check, Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures)).IdTokenCheck);
        }
    }

    public static TheoryData<string, string?> Issuers => new()
    {
        { Regional, null },
        { Global, null },
        { "https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1", "issuer" },
        { "https://issuer-cognito-idp.eu-west-1.amazonaws.com/" + Pool, "issuer" },
    };

    [Theory]
    [MemberData(nameof(Issuers))]
    public async Task An_id_token_of_either_of_the_pools_issuer_forms_signs_in(string iss, string? check)
    {
        // The pool by Region and UserPoolId: its issuer is Cognito's, and its keys are served at that issuer's JWKS URL.
        _cognito.UserInfo();
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.Configure(options);
            options.Region = "us-east-1";
            options.UserPoolId = Pool;
            options.BackchannelHttpHandler = StaticJwks.For(Regional, FakeCognito.JwksJson(), new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        }));

        var (_, callback) = await _cognito.SignInAsync(app.NewSession(), claims => FakeCognito.SignJson(With(claims, "iss", JsonSerializer.Serialize(iss))));

        Assert.Equal(check, app.Failures.OfType<OAuth2GenericException>().SingleOrDefault()?.IdTokenCheck);
        Assert.Equal(check is null ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized, callback.StatusCode);
    }

    private Task<TestApp> StartApp(Action<CognitoOptions>? configure = null) =>
        TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.ConfigureWithIdToken(options);
            configure?.Invoke(options);
        }));

    // The payload as JSON text with one member's value replaced by JSON text.
    private static string With(Dictionary<string, object> claims, string name, string json)
    {
        claims.Remove(name);
        return FakeCognito.PayloadWith(claims, $",{JsonSerializer.Serialize(name)}:{json}");
    }
}
