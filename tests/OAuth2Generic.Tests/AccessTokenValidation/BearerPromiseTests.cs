using System.Buffers.Text;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.AccessTokenValidation;

/// <summary>
/// docs/security.md §9, the refusals of <c>AddCognitoJwtBearer</c> proven one by one: a header or payload with invalid
/// UTF-8 or a lone surrogate, an id token whose <c>aud</c> is not among <c>ClientIds</c>, every member named like a claim
/// type with a meaning, and hostile tokens that fetch the pool's keys once per <c>RefreshInterval</c>, however many.
/// </summary>
public sealed class BearerPromiseTests : IAsyncLifetime
{
    private const string NotAJwt = "Bearer error=\"invalid_token\", error_description=\"The token is not a JWT.\"";
    private const string Minted = "minted-by-the-token";

    private readonly FakeCognito _cognito = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ApiApp _api = null!;

    public async ValueTask InitializeAsync()
    {
        _cognito.Jwks();
        _api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options => Configure(options)));
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        _cognito.Dispose();
    }

    public static TheoryData<string> UnreadableParts => ["payload with invalid UTF-8", "header with invalid UTF-8", "payload with a lone surrogate", "header with a lone surrogate"];

    [Theory]
    [MemberData(nameof(UnreadableParts))]
    public async Task A_validly_signed_token_with_invalid_UTF8_or_a_lone_surrogate_is_not_a_JWT(string part)
    {
        var claims = JsonSerializer.Serialize(AccessTokens.Claims(_cognito.Issuer));
        var header = """{"alg":"RS256","kid":"key-1","typ":"JWT"}""";
        var token = part switch
        {
            "payload with invalid UTF-8" => SignBytes(Encoding.UTF8.GetBytes(header), Utf8WithInvalidByte(claims[..^1] + ",\"name\":\"", "\"}")),
            "header with invalid UTF-8" => SignBytes(Utf8WithInvalidByte(header[..^1] + ",\"x\":\"", "\"}"), Encoding.UTF8.GetBytes(claims)),
            "payload with a lone surrogate" => FakeCognito.SignJson(claims[..^1] + ",\"username\":\"\\ud800\"}", header),
            _ => FakeCognito.SignJson(claims, header[..^1] + ",\"x\":\"\\udc00\"}"),
        };

        var response = await _api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(NotAJwt, Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task An_id_token_whose_aud_is_not_among_ClientIds_is_refused_whatever_its_client_id()
    {
        await using var api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            Configure(options);
            options.TokenUse = CognitoTokenUse.Id;
        }));
        var claims = _cognito.IdTokenClaims(nonce: null);
        claims["aud"] = "another-app-client";

        // client_id is an access token's member: an id token naming an accepted one is still another app client's.
        claims["client_id"] = AccessTokens.ApiClientId;
        var refused = await api.GetAsync("/me", FakeCognito.Sign(claims));
        var accepted = await api.GetAsync("/me", FakeCognito.Sign(_cognito.IdTokenClaims(nonce: null)));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(
            "Bearer error=\"invalid_token\", error_description=\"The token was issued to an app client this API does not accept (aud).\"",
            Assert.Single(refused.Headers.WwwAuthenticate).ToString());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    public static TheoryData<string> MeaningfulTypes => [.. MeaningfulClaimTypes.All.Where(type => type != OAuth2GenericClaimTypes.Scope)];

    [Theory]
    [MemberData(nameof(MeaningfulTypes))]
    public async Task A_member_named_like_a_claim_type_with_a_meaning_never_becomes_that_claim(string type)
    {
        var token = AccessTokens.Signed(_cognito.Issuer, claims =>
        {
            claims.Remove("cognito:groups");
            claims[type] = Minted;
            claims[type.ToUpperInvariant()] = Minted;

            // And the scope in another case, which RequireScope would read.
            claims["SCOPE"] = "orders/read " + Minted;
            claims["scope"] = "openid";
        });

        var claims = await ClaimsOf(token);
        var orders = await _api.GetAsync("/orders", token);
        var admin = await _api.GetAsync("/admin", AccessTokens.Signed(_cognito.Issuer, claims =>
        {
            claims.Remove("cognito:groups");
            claims[type] = "admins";
        }));

        Assert.DoesNotContain(claims, claim => claim.Value.Contains(Minted, StringComparison.Ordinal) && MeaningfulClaimTypes.Contains(claim.Type));
        Assert.Equal(["openid"], claims.Where(claim => claim.Type == OAuth2GenericClaimTypes.Scope).Select(claim => claim.Value));
        Assert.Equal(FakeCognito.Subject, Assert.Single(claims, claim => claim.Type == ClaimTypes.NameIdentifier).Value);
        Assert.Equal("bob", Assert.Single(claims, claim => claim.Type == ClaimTypes.Name).Value);
        Assert.Equal(HttpStatusCode.Forbidden, orders.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    [Fact]
    public async Task A_thousand_hostile_tokens_fetch_the_keys_once_per_RefreshInterval()
    {
        await using var api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options => Configure(options, _time)));

        var first = await SendHostileAsync(api, 1_000);
        var afterFirst = _cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count;
        _time.Advance(TimeSpan.FromSeconds(31));
        var second = await SendHostileAsync(api, 100);

        Assert.All(first.Concat(second), status => Assert.True(status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"answered {status}"));
        Assert.Equal(1, afterFirst);
        Assert.Equal(2, _cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count);
    }

    // Each fourth token names a new unknown kid (an attacker's way to make an API hammer the JWKS), each fourth is signed
    // with a key not the pool's under the pool's kid (which fetches again too), the others fail other checks.
    private async Task<List<HttpStatusCode>> SendHostileAsync(ApiApp api, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            var token = (i % 4) switch
            {
                0 => AccessTokens.Signed(_cognito.Issuer, key: new RsaSecurityKey(OtherKey.Rsa) { KeyId = $"forged-{Guid.NewGuid():N}" }),
                1 => AccessTokens.Signed(_cognito.Issuer, key: FakeCognito.ForeignKeyWithKnownId),
                2 => AccessTokens.Signed(_cognito.Issuer, claims => claims["client_id"] = "another-app-client"),
                _ => "garbage." + i,
            };
            using var response = await api.GetAsync(i % 2 == 0 ? "/me" : "/orders", token);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private static readonly RsaSecurityKey OtherKey = new(RSA.Create(2048)) { KeyId = "other" };

    private void Configure(CognitoJwtBearerOptions options, TimeProvider? time = null)
    {
        options.Issuer = _cognito.Issuer;
        options.ClientIds = [AccessTokens.ApiClientId, FakeProvider.ClientId];
        options.TimeProvider = time ?? TimeProvider.System;
    }

    private async Task<List<ClaimRecord>> ClaimsOf(string token)
    {
        var response = await _api.GetAsync("/me", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<List<ClaimRecord>>(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), JsonSerializerOptions.Web)!;
    }

    // JSON text around a string value that holds a byte no UTF-8 sequence starts with.
    private static byte[] Utf8WithInvalidByte(string before, string after) => [.. Encoding.UTF8.GetBytes(before), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(after)];

    // A compact JWT of these exact bytes, signed RS256 with the pool's key: no serializer would write them.
    private static string SignBytes(byte[] header, byte[] payload)
    {
        var signed = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = FakeCognito.SigningKey.Rsa.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url.EncodeToString(signature);
    }
}
