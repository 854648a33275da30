using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// An API refuses a validly signed token whose claim has another JSON type than RFC 7519 or Cognito's token shape gives
/// it, as <c>aws-jwt-verify</c> does while it parses (and more: the claims that become roles and the name), before any
/// key is fetched; and it compares <c>exp</c> and <c>nbf</c> with its clock exactly, fractions of a second included.
/// </summary>
public sealed class ClaimTypeTests : IAsyncLifetime
{
    // A quarter of a second past a whole second: a time rounded to whole seconds shows.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);

    private readonly FakeCognito _cognito = new();
    private readonly FakeTimeProvider _clock = new(Now);
    private ApiApp _api = null!;

    public async ValueTask InitializeAsync()
    {
        _cognito.Jwks();
        _api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            options.Issuer = _cognito.Issuer;
            options.ClientIds = [AccessTokens.ApiClientId, FakeProvider.ClientId];
            options.TimeProvider = _clock;
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        _cognito.Dispose();
    }

    public static TheoryData<string, string, string> WrongTypes => new()
    {
        { "iss", "1", "The token's iss is not a string." },
        { "sub", "1", "The token's sub is not a string." },
        { "sub", "null", "The token's sub is not a string." },
        { "aud", "1", "The token's aud is not a string or an array of strings." },
        { "aud", """["a",1]""", "The token's aud is not a string or an array of strings." },
        { "exp", "\"1700003600\"", "The token's exp is not a finite number." },
        { "exp", "1e400", "The token's exp is not a finite number." },
        { "nbf", "-1e400", "The token's nbf is not a finite number." },
        { "iat", "null", "The token's iat is not a finite number." },
        { "iat", "\"1700000000\"", "The token's iat is not a finite number." },
        { "jti", "1", "The token's jti is not a string." },
        { "scope", """["orders/read"]""", "The token's scope is not a string." },
        { "client_id", $"[\"{AccessTokens.ApiClientId}\"]", "The token's client_id is not a string." },
        { "token_use", """["access"]""", "The token's token_use is not a string." },
        { "username", "1", "The token's username is not a string." },
        { "cognito:username", "{}", "The token's cognito:username is not a string." },
        { "cognito:groups", "\"admins\"", "The token's cognito:groups is not an array of strings." },
        { "cognito:groups", """["admins",1]""", "The token's cognito:groups is not an array of strings." },
        { "auth_time", "true", "The token's auth_time is not a finite number." },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_claim_of_the_wrong_type_is_refused_naming_the_claim_before_any_key_is_fetched(string claim, string json, string description)
    {
        var token = Token((claim, json));

        var response = await _api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"{description}\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Empty(_cognito.Provider.RequestsTo(FakeCognito.JwksPath));
    }

    [Fact]
    public async Task The_log_names_the_claim_and_its_JSON_kind_never_its_value()
    {
        var token = Token(("sub", "987654321"));

        await _api.GetAsync("/me", token);

        var line = Assert.Single(_api.Logs.Lines, line => line.Message.StartsWith("Scheme CognitoJwtBearer refused a bearer token.", StringComparison.Ordinal));
        Assert.Contains("The token's sub is a number, where a string is required (RFC 7519 §4.1.2).", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("987654321", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_named_with_an_escape_is_checked_as_the_claim_it_names()
    {
        // "\u0069at" is iat to every JSON reader, aws-jwt-verify's JSON.parse included.
        var claims = AccessTokens.Claims(_cognito.Issuer, Now);
        claims.Remove("iat");
        var token = FakeCognito.SignJson(FakeCognito.PayloadWith(claims, ",\"\\u0069at\":\"yesterday\""));

        var response = await _api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("The token's iat is not a finite number.", Assert.Single(response.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> RightTypes => new()
    {
        { "aud", "\"another-audience\"" },
        { "aud", """["a","b"]""" },
        { "aud", "[]" },
        { "cognito:groups", "[]" },
        { "exp", "1.7000036e9" },
        { "exp", "1700003600.000" },
        { "iat", "1700000000.125" },
        { "sub", "\"\"" },
    };

    [Theory]
    [MemberData(nameof(RightTypes))]
    public async Task A_claim_of_its_own_type_passes_whatever_its_spelling(string claim, string json)
    {
        var response = await _api.GetAsync("/me", Token((claim, json)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string, string?> Times => new()
    {
        // Now is 1700000000.25.
        { "nbf", "1700000000.75", "The token is not valid yet (nbf)." },
        { "nbf", "1700000000.25", null },
        { "nbf", "1700000000", null },
        { "exp", "1700000000.125", "The token has expired." },
        { "exp", "1700000000.25", null },
        { "exp", "1700000000.5", null },
        { "exp", "1e15", null },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public async Task Exp_and_nbf_are_compared_with_the_clock_exactly(string claim, string seconds, string? description)
    {
        var response = await _api.GetAsync("/me", Token((claim, seconds)));

        if (description is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(description, Assert.Single(response.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_remembered_token_is_valid_until_its_exp_to_the_fraction_of_a_second()
    {
        var token = Token(("exp", "1700000001.5"));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/me", token)).StatusCode);

        _clock.Advance(TimeSpan.FromSeconds(1.25));
        var atExp = await _api.GetAsync("/me", token);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = await _api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, atExp.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("The token has expired.", Assert.Single(after.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
    }

    // An access token issued at Now with one member replaced by JSON text (or added).
    private string Token((string Name, string Json) change)
    {
        var claims = AccessTokens.Claims(_cognito.Issuer, Now);
        claims.Remove(change.Name);
        return FakeCognito.SignJson(FakeCognito.PayloadWith(claims, $",{JsonSerializer.Serialize(change.Name)}:{change.Json}"));
    }
}
