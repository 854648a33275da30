using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// An API protected by <c>AddCognitoJwtBearer</c> accepts a Cognito access token for its app client and refuses every
/// other token with the documented <c>WWW-Authenticate</c> answer (RFC 6750 §3), the checks of <c>aws-jwt-verify</c>.
/// </summary>
public sealed class CognitoJwtBearerTests : IAsyncLifetime
{
    private readonly FakeCognito _cognito = new();
    private ApiApp _api = null!;

    public async ValueTask InitializeAsync()
    {
        _cognito.Jwks();
        _api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(Configure));
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        _cognito.Dispose();
    }

    [Fact]
    public async Task An_access_token_for_the_app_client_with_the_scope_is_accepted()
    {
        var response = await _api.GetAsync("/orders", AccessTokens.Signed(_cognito.Issuer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("orders", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_claims_carry_the_user_the_groups_as_roles_and_each_scope()
    {
        var claims = await ClaimsOf(AccessTokens.Signed(_cognito.Issuer));

        Assert.Contains(new ClaimRecord(ClaimTypes.NameIdentifier, FakeCognito.Subject, ClaimValueTypes.String, _cognito.Issuer), claims);
        Assert.Contains(new ClaimRecord(ClaimTypes.Name, "bob", ClaimValueTypes.String, _cognito.Issuer), claims);
        Assert.Contains(new ClaimRecord(ClaimTypes.Role, "admins", ClaimValueTypes.String, _cognito.Issuer), claims);
        Assert.Equal(["openid", "orders/read"], claims.Where(claim => claim.Type == "scope").Select(claim => claim.Value));
        Assert.Contains(new ClaimRecord("client_id", AccessTokens.ApiClientId, ClaimValueTypes.String, _cognito.Issuer), claims);
    }

    [Fact]
    public async Task A_group_is_a_role_for_Authorize_Roles()
    {
        var admin = await _api.GetAsync("/admin", AccessTokens.Signed(_cognito.Issuer));
        var notAdmin = await _api.GetAsync("/admin", AccessTokens.Signed(_cognito.Issuer, claims => claims.Remove("cognito:groups")));

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
    }

    [Fact]
    public async Task A_request_without_a_token_gets_a_bare_challenge()
    {
        var response = await _api.GetAsync("/orders", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task A_token_without_the_required_scope_is_forbidden_with_insufficient_scope()
    {
        var response = await _api.GetAsync("/orders", AccessTokens.Signed(_cognito.Issuer, claims => claims["scope"] = "openid orders/write"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"orders/read\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "wrong client_id", "The token was issued to an app client this API does not accept (client_id)." },
        { "id token", "The token's token_use is not accepted: this API accepts access tokens." },
        { "no token_use", "The token has no token_use." },
        { "wrong issuer", "The token was not issued by this user pool." },
        { "another pool's key", "The token is signed with a key the user pool does not publish." },
        { "a wrong key under a known kid", "The token's signature does not verify." },
        { "expired", "The token has expired." },
        { "nbf in the future", "The token is not valid yet (nbf)." },
        { "no exp", "The token has no exp." },
        { "exp as a string", "The token's exp is not a finite number." },
        { "kid not a string", "The token is not a JWT." },
        { "no kid", "The token names no signing key (kid)." },
        { "alg none", "The token is not signed." },
        { "HS256 with the public key as secret", "The token is not signed with RS256." },
        { "ES256", "The token is not signed with RS256." },
        { "crit header", "The token marks header extensions as critical." },
        { "two subs", "The token is not a JWT." },
        { "garbage", "The token is not a JWT." },
        { "white space in the signature", "The token is not a JWT." },
        { "padding after the signature", "The token is not a JWT." },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_refused_token_gets_401_invalid_token_naming_the_check(string kind, string description)
    {
        var token = Token(kind);

        var response = await _api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"{description}\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Empty(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain(_api.Logs.Lines, line => line.Message.Contains(token, StringComparison.Ordinal));
        Assert.Contains(_api.Logs.Lines, line => line.Message.StartsWith("Scheme CognitoJwtBearer refused a bearer token.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_named_like_the_role_claim_type_grants_no_role()
    {
        var token = AccessTokens.Signed(_cognito.Issuer, claims =>
        {
            claims.Remove("cognito:groups");
            claims[ClaimTypes.Role] = "admins";
        });

        var response = await _api.GetAsync("/admin", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task When_the_pools_keys_cannot_be_fetched_the_API_answers_503_not_invalid_token()
    {
        using var down = new FakeCognito();
        down.JwksUnavailable();
        await using var api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            options.Issuer = down.Issuer;
            options.ClientIds = [AccessTokens.ApiClientId];
        }));

        var response = await api.GetAsync("/me", AccessTokens.Signed(down.Issuer));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Theory]
    [InlineData("orders read")]
    [InlineData("orders\"read")]
    [InlineData("orders\\read")]
    [InlineData("ordersé")]
    [InlineData("")]
    public void A_scope_that_RFC_6749_does_not_allow_is_refused_where_the_policy_is_made(string scope)
    {
        Assert.Throws<ArgumentException>(() => new ScopeRequirement([scope]));
    }

    [Fact]
    public async Task A_token_without_a_kid_is_refused_before_any_key_is_fetched()
    {
        var response = await _api.GetAsync("/me", Token("no kid"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\", error_description=\"The token names no signing key (kid).\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Empty(_cognito.Provider.RequestsTo(FakeCognito.JwksPath));
    }

    [Fact]
    public async Task With_AcceptTokensWithoutKeyId_a_token_without_a_kid_is_verified_with_every_key_of_the_pool()
    {
        _cognito.Jwks(FakeCognito.RotatedKey, FakeCognito.SigningKey);
        await using var api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            Configure(options);
            options.AcceptTokensWithoutKeyId = true;
        }));

        var response = await api.GetAsync("/me", Token("no kid"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_key_under_2048_bits_that_the_pool_publishes_verifies_no_token()
    {
        // NIST SP 800-131A and RFC 7518 §3.3: RS256 keys are 2048 bits or more; IdentityModel verifies with 1024.
        var weak = new RsaSecurityKey(RSA.Create(1024)) { KeyId = "weak-key" };
        _cognito.Jwks(FakeCognito.SigningKey, weak);
        var token = FakeCognito.SignJson(JsonSerializer.Serialize(AccessTokens.Claims(_cognito.Issuer)), key: weak);

        var response = await _api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(
            "Bearer error=\"invalid_token\", error_description=\"The token is signed with a key the user pool does not publish.\"",
            Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/me", AccessTokens.Signed(_cognito.Issuer))).StatusCode);
    }

    [Fact]
    public async Task An_id_token_is_accepted_by_aud_when_TokenUse_is_Id()
    {
        await using var api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            Configure(options);
            options.TokenUse = CognitoTokenUse.Id;
        }));

        var idToken = await api.GetAsync("/me", Token("id token"));
        var accessToken = await api.GetAsync("/me", AccessTokens.Signed(_cognito.Issuer));

        Assert.Equal(HttpStatusCode.OK, idToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, accessToken.StatusCode);
    }

    [Fact]
    public async Task An_unknown_kid_fetches_the_keys_again_once_RefreshInterval_has_passed_and_finds_the_rotated_key()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            Configure(options);
            options.TimeProvider = time;
        }));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/me", AccessTokens.Signed(_cognito.Issuer))).StatusCode);
        _cognito.Jwks(FakeCognito.SigningKey, FakeCognito.RotatedKey);
        var rotatedToken = AccessTokens.Signed(_cognito.Issuer, key: FakeCognito.RotatedKey);

        var tooSoon = await api.GetAsync("/me", rotatedToken);
        time.Advance(TimeSpan.FromSeconds(31));
        var rotated = await api.GetAsync("/me", rotatedToken);
        var again = await api.GetAsync("/me", AccessTokens.Signed(_cognito.Issuer, key: FakeCognito.RotatedKey));

        Assert.Equal(HttpStatusCode.Unauthorized, tooSoon.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, _cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count);
    }

    [Fact]
    public async Task A_thousand_hostile_tokens_get_only_401_or_403_and_at_most_one_refetch_of_the_keys()
    {
        var kinds = RefusedTokens.Select(row => row.Data.Item1).ToArray();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 1000; i++)
        {
            var token = (i % 4) switch
            {
                // A new unknown kid each time: an attacker's way to make the API hammer the JWKS endpoint.
                0 => AccessTokens.Signed(_cognito.Issuer, key: new RsaSecurityKey(OtherPoolKey.Rsa) { KeyId = $"forged-{i}" }),
                1 => RandomGarbage(i),
                _ => Token(kinds[i % kinds.Length]),
            };
            statuses.Add((await _api.GetAsync(i % 2 == 0 ? "/me" : "/orders", token)).StatusCode);
        }

        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"answered {status}"));
        Assert.InRange(_cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count, 1, 2);
    }

    [Fact]
    public async Task A_token_presented_again_is_not_verified_again_until_it_expires()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            Configure(options);
            options.TimeProvider = time;
        }));
        var token = AccessTokens.Signed(_cognito.Issuer, claims => claims["exp"] = time.GetUtcNow().ToUnixTimeSeconds() + 60);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/me", token)).StatusCode);
        var options = api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<CognitoJwtBearerOptions>>().Get(CognitoJwtBearerDefaults.AuthenticationScheme);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/me", token)).StatusCode);
        Assert.Equal(1, options.ValidationCache!.Count);
        time.Advance(TimeSpan.FromSeconds(61));
        var expired = await api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("The token has expired.", Assert.Single(expired.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_user_pools_side_by_side_each_accept_only_their_own_tokens()
    {
        using var other = new FakeCognito();
        other.Jwks(FakeCognito.RotatedKey);
        await using var api = await ApiApp.StartAsync(
            auth => auth.AddCognitoJwtBearer("poolA", Configure).AddCognitoJwtBearer("poolB", options =>
            {
                Configure(options);
                options.Issuer = other.Issuer;
            }),
            services => services.AddAuthorizationBuilder().SetDefaultPolicy(
                new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder("poolA", "poolB").RequireAuthenticatedUser().Build()));

        var fromA = await api.GetAsync("/me", AccessTokens.Signed(_cognito.Issuer));
        var fromB = await api.GetAsync("/me", AccessTokens.Signed(other.Issuer, key: FakeCognito.RotatedKey));
        var bSignedByA = await api.GetAsync("/me", AccessTokens.Signed(other.Issuer));

        Assert.Equal(HttpStatusCode.OK, fromA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromB.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bSignedByA.StatusCode);
    }

    private void Configure(CognitoJwtBearerOptions options)
    {
        options.Issuer = _cognito.Issuer;
        options.ClientIds = [AccessTokens.ApiClientId, FakeProvider.ClientId];
    }

    private async Task<List<ClaimRecord>> ClaimsOf(string token)
    {
        var response = await _api.GetAsync("/me", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<List<ClaimRecord>>(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), JsonSerializerOptions.Web)!;
    }

    private string Token(string kind)
    {
        var issuer = _cognito.Issuer;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return kind switch
        {
            "wrong client_id" => AccessTokens.Signed(issuer, claims => claims["client_id"] = "another-app-client"),
            "id token" => FakeCognito.Sign(_cognito.IdTokenClaims(nonce: null)),
            "no token_use" => AccessTokens.Signed(issuer, claims => claims.Remove("token_use")),
            "wrong issuer" => AccessTokens.Signed("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1"),
            "another pool's key" => AccessTokens.Signed(issuer, key: OtherPoolKey),
            "a wrong key under a known kid" => AccessTokens.Signed(issuer, key: FakeCognito.ForeignKeyWithKnownId),
            "expired" => AccessTokens.Signed(issuer, claims => (claims["iat"], claims["exp"]) = (now - 7200, now - 3600)),
            "nbf in the future" => AccessTokens.Signed(issuer, claims => claims["nbf"] = now + 600),
            "no exp" => AccessTokens.Signed(issuer, claims => claims.Remove("exp")),
            "exp as a string" => AccessTokens.Signed(issuer, claims => claims["exp"] = (now + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "kid not a string" => FakeCognito.SignJson(JsonSerializer.Serialize(AccessTokens.Claims(issuer)), """{"alg":"RS256","kid":1,"typ":"JWT"}"""),
            "no kid" => FakeCognito.SignJson(JsonSerializer.Serialize(AccessTokens.Claims(issuer)), """{"alg":"RS256","typ":"JWT"}"""),
            "alg none" => Unsigned(AccessTokens.Claims(issuer)),
            "HS256 with the public key as secret" => AccessTokens.Signed(issuer, key: PublicKeyAsSecret, algorithm: SecurityAlgorithms.HmacSha256),
            "ES256" => AccessTokens.Signed(issuer, key: EcKey, algorithm: SecurityAlgorithms.EcdsaSha256),
            "crit header" => FakeCognito.SignJson(
                JsonSerializer.Serialize(AccessTokens.Claims(issuer)), """{"alg":"RS256","kid":"key-1","typ":"JWT","crit":["exp"],"exp":1}"""),
            "two subs" => FakeCognito.SignJson(FakeCognito.PayloadWith(AccessTokens.Claims(issuer), ",\"sub\":\"someone-else\"")),
            "garbage" => "not-a-token",
            "white space in the signature" => AccessTokens.Signed(issuer)[..^8] + "\t" + AccessTokens.Signed(issuer)[^8..],
            "padding after the signature" => AccessTokens.Signed(issuer) + "==",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static readonly RsaSecurityKey OtherPoolKey = NewKey("other-pool-key");

    private static readonly ECDsaSecurityKey EcKey = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "key-1" };

    // The "algorithm confusion" attack: the pool's public key, as published, used as an HMAC secret.
    private static readonly SymmetricSecurityKey PublicKeyAsSecret = new(Encoding.UTF8.GetBytes(FakeCognito.JwksJson())) { KeyId = "key-1" };

    private static RsaSecurityKey NewKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    private static string Unsigned(Dictionary<string, object> claims) =>
        Base64Url("""{"alg":"none","typ":"JWT"}""") + "." + Base64Url(JsonSerializer.Serialize(claims)) + ".";

    private static string Base64Url(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static string RandomGarbage(int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[random.Next(1, 300)];
        random.NextBytes(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '.').TrimEnd('=');
    }
}
