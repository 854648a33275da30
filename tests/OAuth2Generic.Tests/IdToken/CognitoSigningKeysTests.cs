using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.IdToken;

/// <summary>
/// The user pool's signing keys over time, with the scheme's clock under the test's control: kept, refreshed behind
/// the sign-ins, fetched once for many, kept when a refresh fails, and fetched no more than once per RefreshInterval.
/// </summary>
public sealed class CognitoSigningKeysTests : IDisposable
{
    private readonly FakeCognito _cognito = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    // The user pool issues its tokens by the scheme's clock, which the tests move past the keys' lifetime.
    public CognitoSigningKeysTests() => _cognito.Clock = _clock;

    public void Dispose() => _cognito.Dispose();

    [Fact]
    public async Task Old_keys_still_serve_the_sign_in_while_fresh_ones_are_fetched_behind_it()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp();
        await SignInAndExpectSuccess(app);

        _clock.Advance(TimeSpan.FromHours(13));
        await SignInAndExpectSuccess(app);

        await WaitForJwksRequests(2);
    }

    [Fact]
    public async Task Keys_fetched_before_stay_in_use_when_a_refresh_fails()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp();
        await SignInAndExpectSuccess(app);
        _cognito.JwksUnavailable();

        _clock.Advance(TimeSpan.FromHours(13));
        await SignInAndExpectSuccess(app);
        await WaitForJwksRequests(2);
        await SignInAndExpectSuccess(app);

        Assert.Contains(app.Logs.Lines, line => line.Message.StartsWith("The user pool's signing keys could not be fetched", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_fetch_is_not_retried_before_RefreshInterval_has_passed()
    {
        _cognito.JwksUnavailable().UserInfo();
        await using var app = await StartApp();

        var first = await SignInAndExpectFailure(app);
        var second = await SignInAndExpectFailure(app);
        Assert.Single(_cognito.Provider.RequestsTo(FakeCognito.JwksPath));

        _clock.Advance(TimeSpan.FromSeconds(31));
        await SignInAndExpectFailure(app);

        Assert.Equal(2, _cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count);
        Assert.Equal(
            $"The user pool's signing keys could not be fetched from {_cognito.Issuer}/.well-known/jwks.json. The user pool's JWKS endpoint ({_cognito.Provider.Host}) returned 503 Service Unavailable. Check Issuer (or Region and UserPoolId).",
            first.Message);
        Assert.Equal(first.Message, second.Message);
        Assert.True(second.IsTransient);
    }

    [Fact]
    public async Task A_token_signed_with_a_new_key_fails_naming_the_fetch_when_the_keys_cannot_be_fetched_again()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp();
        await SignInAndExpectSuccess(app);
        _cognito.JwksUnavailable();
        _clock.Advance(TimeSpan.FromSeconds(31));

        var (_, callback) = await _cognito.SignInAsync(app.NewSession(), claims => FakeCognito.Sign(claims, FakeCognito.RotatedKey));

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        Assert.EndsWith(" returned 503 Service Unavailable. Check Issuer (or Region and UserPoolId).", Assert.Single(app.Failures).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_under_a_known_key_id_is_fetched_again_once_RefreshInterval_has_passed()
    {
        // The user pool first serves a key that is not its own under the id its tokens name, then the right one.
        _cognito.Jwks(FakeCognito.ForeignKeyWithKnownId).UserInfo();
        await using var app = await StartApp();
        var first = await SignInAndExpectFailure(app);
        _cognito.Jwks(FakeCognito.SigningKey);

        var tooSoon = await SignInAndExpectFailure(app);
        Assert.Single(_cognito.Provider.RequestsTo(FakeCognito.JwksPath));

        _clock.Advance(TimeSpan.FromSeconds(31));
        await SignInAndExpectSuccess(app);

        Assert.Equal("The id_token's signature does not verify with the user pool's keys.", first.Message);
        Assert.Equal(first.Message, tooSoon.Message);
        Assert.Equal(2, _cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count);
    }

    [Fact]
    public async Task A_fetch_ended_by_an_exception_the_download_does_not_expect_fails_cleanly_and_is_tried_again_later()
    {
        _cognito.Jwks().UserInfo();
        var breaker = new FailingOnceHandler(FakeCognito.JwksPath, new SocketsHttpHandler { AllowAutoRedirect = false });
        await using var app = await StartApp(options => options.BackchannelHttpHandler = breaker);

        var failure = await SignInAndExpectFailure(app);
        _clock.Advance(TimeSpan.FromSeconds(31));
        await SignInAndExpectSuccess(app);

        Assert.Equal(
            $"The user pool's signing keys could not be fetched from {_cognito.Issuer}/.well-known/jwks.json. The user pool's JWKS endpoint ({_cognito.Provider.Host}) could not be called: InvalidOperationException: The circuit is open. Check Issuer (or Region and UserPoolId).",
            failure.Message);
        Assert.Single(_cognito.Provider.RequestsTo(FakeCognito.JwksPath));
    }

    [Fact]
    public async Task A_missing_key_set_is_not_transient()
    {
        _cognito.UserInfo();
        await using var app = await StartApp();

        var failure = await SignInAndExpectFailure(app);

        Assert.EndsWith(" returned 404 Not Found. Check Issuer (or Region and UserPoolId).", failure.Message, StringComparison.Ordinal);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task Sign_ins_side_by_side_share_one_fetch()
    {
        _cognito.JwksSlowly(TimeSpan.FromMilliseconds(500)).UserInfo();
        await using var app = await StartApp();

        var callbacks = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _cognito.SignInAsync(app.NewSession())));

        Assert.All(callbacks, sign => Assert.Equal(HttpStatusCode.Redirect, sign.Callback.StatusCode));
        Assert.Empty(app.Failures);
        Assert.Single(_cognito.Provider.RequestsTo(FakeCognito.JwksPath));
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_redirect_from_the_JWKS_endpoint_is_not_followed_and_its_target_receives_nothing(int status)
    {
        using var elsewhere = new FakeProvider();
        elsewhere.Respond(Request.Create().UsingAnyMethod(), 200, FakeCognito.JwksJson(), "application/json");
        _cognito.UserInfo();
        _cognito.Provider.Respond(
            Request.Create().WithPath(FakeCognito.JwksPath).UsingGet(), status, "", contentType: null,
            headers: new Dictionary<string, string> { ["Location"] = elsewhere.Url + "/jwks.json" });
        await using var app = await StartApp();

        var failure = await SignInAndExpectFailure(app);

        Assert.Contains(
            $"The user pool's JWKS endpoint ({_cognito.Provider.Host}) returned {status} ", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"a redirect to {elsewhere.Host}, which is not followed", failure.Message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Server.LogEntries);
    }

    [Fact]
    public async Task A_key_set_over_the_size_cap_is_refused_without_being_read_whole()
    {
        _cognito.UserInfo();
        _cognito.Provider.Respond(
            Request.Create().WithPath(FakeCognito.JwksPath).UsingGet(), 200, FakeCognito.JwksJson() + new string(' ', 4096), "application/json");
        await using var app = await StartApp(options => options.BackchannelMaxResponseSize = 2048);

        var failure = await SignInAndExpectFailure(app);

        Assert.Contains(
            $"The user pool's JWKS endpoint ({_cognito.Provider.Host}) answered with a body larger than BackchannelMaxResponseSize (2048 bytes).",
            failure.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_set_with_duplicate_members_is_refused_as_not_JSON()
    {
        _cognito.UserInfo();
        _cognito.Provider.Respond(
            Request.Create().WithPath(FakeCognito.JwksPath).UsingGet(), 200, """{"keys":[],"keys":[]}""", "application/json");
        await using var app = await StartApp();

        var failure = await SignInAndExpectFailure(app);

        Assert.Contains(
            $"The user pool's JWKS endpoint ({_cognito.Provider.Host}) returned a body that is not JSON (application/json, 21 bytes).",
            failure.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JWKS_endpoint_that_does_not_answer_in_time_fails_the_sign_in_as_transient()
    {
        _cognito.JwksSlowly(TimeSpan.FromSeconds(30)).UserInfo();

        // Long enough for the sign-in's own first exchanges on a busy machine, and far shorter than the delay.
        await using var app = await StartApp(options => options.BackchannelTimeout = TimeSpan.FromSeconds(2));

        var failure = await SignInAndExpectFailure(app);

        Assert.Contains("did not answer within BackchannelTimeout (00:00:02)", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.IsTransient);
    }

    private Task<TestApp> StartApp(Action<CognitoOptions>? configure = null) =>
        TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.ConfigureWithIdToken(options);
            options.TimeProvider = _clock;
            configure?.Invoke(options);
        }));

    private async Task SignInAndExpectSuccess(TestApp app)
    {
        ForgetFailures(app);
        var (_, callback) = await _cognito.SignInAsync(app.NewSession());
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Empty(app.Failures);
    }

    private async Task<OAuth2GenericException> SignInAndExpectFailure(TestApp app)
    {
        ForgetFailures(app);
        var (_, callback) = await _cognito.SignInAsync(app.NewSession());
        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.IdToken, failure.Step);
        return failure;
    }

    private static void ForgetFailures(TestApp app)
    {
        while (app.Failures.TryDequeue(out _))
        {
        }
    }

    // An application's handler that throws what HttpClient never does (a circuit breaker's own exception, say) on the
    // first request to one path, and passes every other request on.
    private sealed class FailingOnceHandler(string path, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _failed;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath == path && Interlocked.Exchange(ref _failed, 1) == 0
                ? throw new InvalidOperationException("The circuit is open.")
                : base.SendAsync(request, cancellationToken);
    }

    // The refresh runs behind the sign-in, so the test waits for it to reach the user pool.
    private async Task WaitForJwksRequests(int count)
    {
        for (var attempt = 0; attempt < 100 && _cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count < count; attempt++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(count, _cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count);
    }
}
