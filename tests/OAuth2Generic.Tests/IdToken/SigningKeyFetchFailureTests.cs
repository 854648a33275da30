using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.IdToken;

/// <summary>
/// A fetch of signing keys ended by an exception the download does not expect, one the provider client never turned
/// into its own failure: here an application's tracing listener that throws as the fetch's span starts (an exporter's
/// bug), before any request is sent. The waiting sign-in fails at step <c>IdToken</c> (never another exception type,
/// never a 500), the keys fetched before stay in use, and the fetch is no longer marked as running, so the next one
/// succeeds. (<c>CognitoSigningKeysTests</c>' circuit breaker is turned into an ordinary failure by the provider
/// client first.)
/// </summary>
public sealed class SigningKeyFetchFailureTests : IDisposable
{
    private readonly FakeCognito _cognito = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ActivityTraceId _trace = ActivityTraceId.CreateRandom();
    private readonly ActivityListener _throwingListener;
    private int _throws;

    public SigningKeyFetchFailureTests()
    {
        _cognito.Clock = _clock;

        // Only for this test's trace, and once: other tests run side by side in the same process.
        _throwingListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OAuth2GenericTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.TraceId == _trace ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStarted = activity =>
            {
                if (activity.TraceId == _trace && activity.OperationName == "oauth2generic.signing_keys" && Interlocked.Decrement(ref _throws) == 0)
                {
                    throw new InvalidOperationException("The exporter's queue is full.");
                }
            },
        };
        ActivitySource.AddActivityListener(_throwingListener);
    }

    public void Dispose()
    {
        _throwingListener.Dispose();
        _cognito.Dispose();
    }

    [Fact]
    public async Task A_fetch_ended_by_an_exception_the_download_does_not_expect_fails_at_the_id_token_step_and_keeps_the_keys_fetched_before()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.ConfigureWithIdToken(options);
            options.TimeProvider = _clock;
        }));
        var first = await SignInAsync(app, FakeCognito.SigningKey);
        _throws = 1;
        _cognito.Jwks(FakeCognito.SigningKey, FakeCognito.RotatedKey);
        _clock.Advance(TimeSpan.FromSeconds(31));

        var broken = await SignInAsync(app, FakeCognito.RotatedKey);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        var before = await SignInAsync(app, FakeCognito.SigningKey);
        _clock.Advance(TimeSpan.FromSeconds(31));
        var rotated = await SignInAsync(app, FakeCognito.RotatedKey);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, broken.StatusCode);
        Assert.Equal((FailureStep.IdToken, OAuth2GenericFailureReasons.SigningKeysUnavailable), (failure.Step, failure.Reason));
        Assert.Equal(
            $"The user pool's signing keys could not be read from {_cognito.Issuer}/.well-known/jwks.json (InvalidOperationException). Check Issuer (or Region and UserPoolId).",
            failure.Message);
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, rotated.StatusCode);
        Assert.Single(app.Failures);

        // The broken fetch sent nothing: the first fetch and the one after it reached the user pool.
        Assert.Equal(2, _cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count);
    }

    private async Task<HttpResponseMessage> SignInAsync(TestApp app, RsaSecurityKey key)
    {
        var browser = app.NewSession();
        browser.Headers["traceparent"] = $"00-{_trace}-{ActivitySpanId.CreateRandom()}-01";
        var (_, callback) = await _cognito.SignInAsync(browser, claims => FakeCognito.Sign(claims, key));
        return callback;
    }
}
