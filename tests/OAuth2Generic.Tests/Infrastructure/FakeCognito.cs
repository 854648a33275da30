using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OAuth2Generic.Cognito;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests;

/// <summary>
/// A Cognito user pool played by WireMock.Net on 127.0.0.1, answering with the shapes AWS documents: the hosted-UI
/// endpoints under the domain, the issuer's JWKS under <c>/{user pool id}</c>, and id_tokens signed with a locally
/// generated RSA key.
/// </summary>
internal sealed class FakeCognito : IDisposable
{
    public const string UserPoolId = "us-east-1_TestPool1";
    public const string TokenPath = "/oauth2/token";
    public const string UserInfoPath = "/oauth2/userInfo";
    public const string RevokePath = "/oauth2/revoke";
    public const string Subject = "248289761001";

    /// <summary>AWS's documented userInfo example: string booleans, a custom attribute, a username.</summary>
    public const string UserInfoExample =
        """{"sub":"248289761001","email_verified":"true","custom:mycustom1":"CustomValue","phone_number_verified":"true","phone_number":"+12065551212","email":"bob@example.com","username":"bob"}""";

    // Generated once: a 2048-bit key takes tens of milliseconds.
    public static readonly RsaSecurityKey SigningKey = NewKey("key-1");
    public static readonly RsaSecurityKey RotatedKey = NewKey("key-2");

    /// <summary>A key the user pool does not publish, under the id of one it does.</summary>
    public static readonly RsaSecurityKey ForeignKeyWithKnownId = NewKey("key-1");

    private static readonly Guid TokenMapping = Guid.NewGuid();
    private static readonly Guid JwksMapping = Guid.NewGuid();

    public FakeProvider Provider { get; } = new();

    /// <summary>The user-pool domain: the WireMock server's base URL.</summary>
    public string Domain => Provider.Url;

    public string Issuer => $"{Provider.Url}/{UserPoolId}";

    public const string JwksPath = $"/{UserPoolId}/.well-known/jwks.json";

    /// <summary>Points the options at this user pool, without id_token validation.</summary>
    public void Configure(CognitoOptions options)
    {
        options.ClientId = FakeProvider.ClientId;
        options.ClientSecret = FakeProvider.ClientSecret;
        options.Domain = Domain;
    }

    /// <summary>Points the options at this user pool, with id_token validation against its JWKS.</summary>
    public void ConfigureWithIdToken(CognitoOptions options)
    {
        Configure(options);
        options.Issuer = Issuer;
    }

    /// <summary>The JWKS document, with the public parts of the given keys (by default <see cref="SigningKey"/>).</summary>
    public FakeCognito Jwks(params RsaSecurityKey[] keys) => JwksAnswer(200, JwksJson(keys), delay: null);

    /// <summary>The JWKS URL answers with this document.</summary>
    public FakeCognito JwksDocument(string json) => JwksAnswer(200, json, delay: null);

    /// <summary>The JWKS document with <see cref="SigningKey"/>, after a delay.</summary>
    public FakeCognito JwksSlowly(TimeSpan delay) => JwksAnswer(200, JwksJson(), delay);

    /// <summary>The JWKS URL answers 503 from now on.</summary>
    public FakeCognito JwksUnavailable() => JwksAnswer(503, "unavailable", delay: null);

    /// <summary>The JWKS URL answers with this status, body and headers from now on.</summary>
    public FakeCognito JwksAnswers(int status, string body, IDictionary<string, string>? headers = null) => JwksAnswer(status, body, delay: null, headers);

    public static string JwksJson(params RsaSecurityKey[] keys)
    {
        var published = (keys.Length == 0 ? [SigningKey] : keys).Select(key =>
        {
            var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
            return new Dictionary<string, string>
            {
                ["alg"] = "RS256",
                ["e"] = Base64Url.EncodeToString(parameters.Exponent),
                ["kid"] = key.KeyId,
                ["kty"] = "RSA",
                ["n"] = Base64Url.EncodeToString(parameters.Modulus),
                ["use"] = "sig",
            };
        });
        return JsonSerializer.Serialize(new { keys = published });
    }

    /// <summary>
    /// The token endpoint's answer: an access token, a refresh token, and the given id_token; for every code, or only for
    /// the given one (so that sign-ins side by side each get their own id_token).
    /// </summary>
    public FakeCognito Token(string? idToken, string? code = null)
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

        var request = Request.Create().WithPath(TokenPath).UsingPost();
        if (code is not null)
        {
            request = request.WithBody((string? form) => form?.Contains($"code={code}&", StringComparison.Ordinal) == true);
        }

        Provider.Respond(request, 200, JsonSerializer.Serialize(body), "application/json", id: code is null ? TokenMapping : Guid.NewGuid());
        return this;
    }

    public FakeCognito UserInfo(string body = UserInfoExample, int status = 200)
    {
        Provider.UserInfo(UserInfoPath, body, status);
        return this;
    }

    /// <summary>
    /// The clock the id_tokens are issued by: a test that moves the scheme's clock gives it here too, so that a token
    /// issued "now" is valid by the scheme's clock.
    /// </summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>
    /// The payload of an id_token as Cognito issues it for <see cref="Subject"/>, for this pool and client, valid now
    /// (by <see cref="Clock"/>, or at <paramref name="at"/>), with the given nonce.
    /// </summary>
    public Dictionary<string, object> IdTokenClaims(string? nonce, DateTimeOffset? at = null)
    {
        var now = (at ?? Clock.GetUtcNow()).ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["sub"] = Subject,
            ["aud"] = FakeProvider.ClientId,
            ["email_verified"] = true,
            ["token_use"] = "id",
            ["auth_time"] = now,
            ["iss"] = Issuer,
            ["cognito:username"] = "bob",
            ["cognito:groups"] = new[] { "admins", "editors" },
            ["exp"] = now + 3600,
            ["iat"] = now,
            ["email"] = "bob@example.com",
            ["jti"] = Guid.NewGuid().ToString(),
            ["origin_jti"] = Guid.NewGuid().ToString(),
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        return claims;
    }

    /// <summary>Signs the payload as a JWT, RS256 with <paramref name="key"/> (by default <see cref="SigningKey"/>).</summary>
    public static string Sign(Dictionary<string, object> claims, SecurityKey? key = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, algorithm),
        });
    }

    /// <summary>
    /// Signs a header and a payload written as JSON text, RS256 with <paramref name="key"/> (by default
    /// <see cref="SigningKey"/>): for tokens no serializer writes (a member twice, an escape that is not a character).
    /// </summary>
    public static string SignJson(string payload, string? header = null, RsaSecurityKey? key = null)
    {
        key ??= SigningKey;
        header ??= JsonSerializer.Serialize(new { alg = "RS256", kid = key.KeyId, typ = "JWT" });
        var signed = Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload));
        var signature = key.Rsa.SignData(System.Text.Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The payload as JSON text with <paramref name="members"/> (JSON text, each starting with a comma) added at its end.</summary>
    public static string PayloadWith(Dictionary<string, object> claims, string members) => JsonSerializer.Serialize(claims)[..^1] + members + "}";

    /// <summary>
    /// Signs a user in: a challenge, then the token endpoint's answer carrying an id_token made from the nonce of the
    /// authorize request (changed as the test says), then the callback.
    /// </summary>
    public async Task<(Uri AuthorizeUrl, HttpResponseMessage Callback)> SignInAsync(
        BrowserSession browser, Func<Dictionary<string, object>, string>? idToken = null, string scheme = CognitoDefaults.AuthenticationScheme)
    {
        var authorizeUrl = await browser.ChallengeAsync(scheme);
        BrowserSession.Parameters(authorizeUrl).TryGetValue("nonce", out var nonce);
        var claims = IdTokenClaims(nonce);
        var code = "the-code-" + Guid.NewGuid().ToString("N");
        Token(idToken is null ? Sign(claims) : idToken(claims), code);
        var callback = await browser.CallbackWithStateAsync(authorizeUrl, $"code={code}");
        return (authorizeUrl, callback);
    }

    public void Dispose() => Provider.Dispose();

    private FakeCognito JwksAnswer(int status, string body, TimeSpan? delay, IDictionary<string, string>? headers = null)
    {
        Provider.Respond(Request.Create().WithPath(JwksPath).UsingGet(), status, body, "application/json", delay, headers, id: JwksMapping);
        return this;
    }

    private static RsaSecurityKey NewKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };
}
