using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests;

/// <summary>
/// An OpenID Connect provider on WireMock (127.0.0.1): its discovery document at
/// <c>/.well-known/openid-configuration</c> (issuer = its URL), JWKS, token, user-info, end-session and revocation
/// endpoints, and id_tokens signed with <see cref="FakeCognito.SigningKey"/> (or whatever a test signs with).
/// </summary>
internal sealed class FakeOidcProvider : IDisposable
{
    public const string DiscoveryPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/keys";
    public const string TokenPath = "/token";
    public const string UserInfoPath = "/userinfo";
    public const string Subject = "user-4711";

    private static readonly Guid DiscoveryMapping = Guid.NewGuid();
    private static readonly Guid JwksMapping = Guid.NewGuid();

    public FakeProvider Provider { get; } = new();

    /// <summary>The issuer: the WireMock server's base URL.</summary>
    public string Issuer => Provider.Url;

    /// <summary>Points the options at this provider with an Authority alone (and the client's credentials).</summary>
    public void Configure(OAuth2GenericOptions options)
    {
        options.ClientId = FakeProvider.ClientId;
        options.ClientSecret = FakeProvider.ClientSecret;
        options.Authority = Issuer;
    }

    /// <summary>The discovery document, naming <paramref name="issuer"/> (by default the provider's own URL).</summary>
    public FakeOidcProvider Discovery(string? issuer = null, Action<Dictionary<string, object>>? change = null)
    {
        var document = new Dictionary<string, object>
        {
            ["issuer"] = issuer ?? Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + TokenPath,
            ["userinfo_endpoint"] = Issuer + UserInfoPath,
            ["jwks_uri"] = Issuer + JwksPath,
            ["end_session_endpoint"] = Issuer + "/logout",
            ["revocation_endpoint"] = Issuer + "/revoke",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        };
        change?.Invoke(document);
        Provider.Respond(Request.Create().WithPath(DiscoveryPath).UsingGet(), 200, JsonSerializer.Serialize(document), "application/json", id: DiscoveryMapping);
        return this;
    }

    /// <summary>The JWKS document, with the public parts of the given keys (by default <see cref="FakeCognito.SigningKey"/>).</summary>
    public FakeOidcProvider Jwks(params RsaSecurityKey[] keys)
    {
        Provider.Respond(Request.Create().WithPath(JwksPath).UsingGet(), 200, FakeCognito.JwksJson(keys), "application/json", id: JwksMapping);
        return this;
    }

    /// <summary>The user-info endpoint's answer.</summary>
    public FakeOidcProvider UserInfo(string? body = null)
    {
        Provider.UserInfo(UserInfoPath, body ?? $$"""{"sub":"{{Subject}}","name":"Ada Lovelace","email":"ada@example.com"}""");
        return this;
    }

    /// <summary>The token endpoint's answer for <paramref name="code"/>: an access token, a refresh token and the id_token.</summary>
    public void Token(string? idToken, string code)
    {
        var body = new Dictionary<string, object>
        {
            ["access_token"] = FakeProvider.AccessToken,
            ["refresh_token"] = FakeProvider.RefreshToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
        };
        if (idToken is not null)
        {
            body["id_token"] = idToken;
        }

        var request = Request.Create().WithPath(TokenPath).UsingPost()
            .WithBody((string? form) => form?.Contains($"code={code}&", StringComparison.Ordinal) == true);
        Provider.Respond(request, 200, JsonSerializer.Serialize(body), "application/json", id: Guid.NewGuid());
    }

    /// <summary>The payload of an id_token for <see cref="Subject"/>, for this issuer and client, valid now, with the given nonce.</summary>
    public Dictionary<string, object> IdTokenClaims(string? nonce)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = Subject,
            ["aud"] = FakeProvider.ClientId,
            ["exp"] = now + 3600,
            ["iat"] = now,
            ["name"] = "Ada Lovelace",
            ["email"] = "ada@example.com",
            ["given_name"] = "Ada",
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        return claims;
    }

    /// <summary>
    /// Signs a user in: a challenge, then the token endpoint's answer carrying an id_token made from the nonce of the
    /// authorize request (changed as the test says), then the callback.
    /// </summary>
    public async Task<(Uri AuthorizeUrl, HttpResponseMessage Callback)> SignInAsync(
        BrowserSession browser, Func<Dictionary<string, object>, string?>? idToken = null, string scheme = "oidc")
    {
        var authorizeUrl = await browser.ChallengeAsync(scheme);
        BrowserSession.Parameters(authorizeUrl).TryGetValue("nonce", out var nonce);
        var claims = IdTokenClaims(nonce);
        var code = "the-code-" + Guid.NewGuid().ToString("N");
        Token(idToken is null ? FakeCognito.Sign(claims) : idToken(claims), code);
        var callback = await browser.CallbackWithStateAsync(authorizeUrl, $"code={code}");
        return (authorizeUrl, callback);
    }

    public void Dispose() => Provider.Dispose();
}
