using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.IdToken;

/// <summary>
/// Keys fetched before stay in use (docs/security.md) also when the JWKS later answers with no key to use: RFC 7517 §5
/// makes <c>keys</c> required, and a set without a usable key is a failed fetch, not the pool's new keys. A sign-in
/// with a key fetched before still succeeds; one that needed the new answer fails as <c>signing_keys_unavailable</c>.
/// </summary>
public sealed class KeySetReplacementTests : IDisposable
{
    private readonly FakeCognito _cognito = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public KeySetReplacementTests() => _cognito.Clock = _clock;

    public void Dispose() => _cognito.Dispose();

    public static TheoryData<string, string> SetsWithoutAUsableKey => new()
    {
        { "no keys member", "{}" },
        { "an empty keys array", """{"keys":[]}""" },
        { "keys that is not an array", """{"keys":{}}""" },
        { "only a key for another algorithm", FakeCognito.JwksJson(FakeCognito.RotatedKey).Replace("\"RS256\"", "\"RS512\"", StringComparison.Ordinal) },
        { "only an RSA key under 2048 bits", FakeCognito.JwksJson(new RsaSecurityKey(RSA.Create(1024)) { KeyId = "key-2" }) },
    };

    [Theory]
    [MemberData(nameof(SetsWithoutAUsableKey))]
    public async Task A_key_set_without_a_usable_key_does_not_replace_the_keys_fetched_before(string name, string jwks)
    {
        Assert.NotEmpty(name);
        _cognito.Jwks().UserInfo();
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.ConfigureWithIdToken(options);
            options.TimeProvider = _clock;
        }));
        await SignInAsync(app, FakeCognito.SigningKey);
        _cognito.JwksDocument(jwks);
        _clock.Advance(TimeSpan.FromSeconds(31));

        // A token naming a key not known yet makes the keys be fetched again, and finds none to use there.
        var rotated = await SignInAsync(app, FakeCognito.RotatedKey);
        var before = await SignInAsync(app, FakeCognito.SigningKey);

        Assert.Equal(HttpStatusCode.Unauthorized, rotated.StatusCode);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal((FailureStep.IdToken, OAuth2GenericFailureReasons.SigningKeysUnavailable), (failure.Step, failure.Reason));
        Assert.Contains($"The user pool's JWKS endpoint ({_cognito.Provider.Host}) returned ", failure.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.Equal(2, _cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count);
    }

    [Theory]
    [InlineData("{}", "JSON that is not a JSON Web Key Set (no keys array)")]
    [InlineData("""{"keys":[]}""", "a JSON Web Key Set with no key to use (RS256, RSA keys of 2048 bits or more)")]
    public async Task A_first_fetch_without_a_usable_key_says_so(string jwks, string said)
    {
        _cognito.JwksDocument(jwks).UserInfo();
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(_cognito.ConfigureWithIdToken));

        var callback = await SignInAsync(app, FakeCognito.SigningKey);

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(
            $"The user pool's signing keys could not be fetched from {_cognito.Issuer}/.well-known/jwks.json. The user pool's JWKS endpoint ({_cognito.Provider.Host}) returned {said}. Check Issuer (or Region and UserPoolId).",
            failure.Message);
        Assert.Equal(OAuth2GenericFailureReasons.SigningKeysUnavailable, failure.Reason);
    }

    private async Task<HttpResponseMessage> SignInAsync(TestApp app, RsaSecurityKey key)
    {
        var (_, callback) = await _cognito.SignInAsync(app.NewSession(), claims => FakeCognito.Sign(claims, key));
        return callback;
    }
}
