using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.Telemetry;

/// <summary>
/// Each failure reason, driven through a real failing sign-in against WireMock: the same stable value on the failure
/// (<see cref="OAuth2GenericException.Reason"/>), in the log line, on the callback span's <c>error.type</c> and on the
/// sign-in counter, with the provider's OAuth error code and the id_token check where there is one.
/// </summary>
public sealed class FailureReasonTests : IDisposable
{
    private const string Scheme = "idp";

    private readonly FakeProvider _provider = new();
    private readonly FakeCognito _cognito = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public void Dispose()
    {
        _provider.Dispose();
        _cognito.Dispose();
    }

    private static readonly Dictionary<FailureStep, string> StepTags = new()
    {
        [FailureStep.Callback] = "callback",
        [FailureStep.Authorization] = "authorization",
        [FailureStep.TokenRequest] = "token_request",
        [FailureStep.UserInformation] = "user_info",
        [FailureStep.ClaimsMapping] = "claims_mapping",
        [FailureStep.IdToken] = "id_token",
    };

    public static TheoryData<string> Reasons =>
    [
        OAuth2GenericFailureReasons.CorrelationCookieMissing,
        OAuth2GenericFailureReasons.CorrelationInvalid,
        OAuth2GenericFailureReasons.CallbackRepeated,
        OAuth2GenericFailureReasons.CallbackInvalid,
        OAuth2GenericFailureReasons.StateInvalid,
        OAuth2GenericFailureReasons.StateExpired,
        OAuth2GenericFailureReasons.ProviderError,
        OAuth2GenericFailureReasons.TokenRequestFailed,
        OAuth2GenericFailureReasons.UserInfoFailed,
        OAuth2GenericFailureReasons.MappingFailed,
        OAuth2GenericFailureReasons.Timeout,
        OAuth2GenericFailureReasons.ProviderUnreachable,
        OAuth2GenericFailureReasons.ProviderAnswerRefused,
        OAuth2GenericFailureReasons.IdTokenInvalid,
        OAuth2GenericFailureReasons.SigningKeysUnavailable,
    ];

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task Each_reason_is_on_the_failure_the_log_line_the_callback_span_and_the_sign_in_counter(string reason)
    {
        var cognito = reason is OAuth2GenericFailureReasons.IdTokenInvalid or OAuth2GenericFailureReasons.SigningKeysUnavailable;
        await using var app = await (cognito ? StartCognitoApp(reason) : StartApp(reason));
        using var telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        browser.Headers["traceparent"] = telemetry.TraceParent;

        using var callback = await (cognito ? FailCognitoSignIn(browser) : FailSignIn(app, browser, reason));

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(reason, failure.Reason);
        Assert.Equal(reason == OAuth2GenericFailureReasons.IdTokenInvalid ? "nonce" : null, failure.IdTokenCheck);
        Assert.Contains(app.Logs.Lines, line => line.Message.Contains($"Sign-in failed at step {failure.Step} ({reason}): ", StringComparison.Ordinal));

        var span = Assert.Single(telemetry.Spans, span => span.OperationName == "oauth2generic.callback" && span.Status == ActivityStatusCode.Error);
        Assert.Equal(reason, span.GetTagItem("error.type"));
        Assert.Equal(reason, span.StatusDescription);
        Assert.Equal("failure", span.GetTagItem("oauth2generic.outcome"));
        Assert.Equal(StepTags[failure.Step], span.GetTagItem("oauth2generic.step"));
        Assert.Equal(failure.Error, span.GetTagItem("oauth2generic.oauth.error"));
        Assert.Equal(failure.IdTokenCheck, span.GetTagItem("oauth2generic.id_token.check"));

        var counted = Assert.Single(telemetry.PointsOf("oauth2generic.sign_ins"), point => (string?)point["oauth2generic.outcome"] == "failure");
        Assert.Equal(reason, counted["error.type"]);
        Assert.Equal(cognito ? CognitoDefaults.AuthenticationScheme : Scheme, counted["oauth2generic.scheme"]);
        Assert.Contains(telemetry.PointsOf("oauth2generic.callback.duration"), point => (string?)point["error.type"] == reason);
        foreach (var text in telemetry.AllText())
        {
            SecretForms.AssertNoneIn(text, [FakeProvider.ClientSecret, FakeProvider.AccessToken, FakeProvider.RefreshToken]);
        }
    }

    [Fact]
    public async Task A_provider_error_carries_its_OAuth_error_code_on_the_span()
    {
        await using var app = await StartApp(OAuth2GenericFailureReasons.TokenRequestFailed);
        using var telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        browser.Headers["traceparent"] = telemetry.TraceParent;

        using var callback = await FailSignIn(app, browser, OAuth2GenericFailureReasons.TokenRequestFailed);

        // The provider call that failed says so too, with the HTTP status and the provider's error code.
        var exchange = telemetry.Span("oauth2generic.code_exchange");
        Assert.Equal(ActivityStatusCode.Error, exchange.Status);
        Assert.Equal(OAuth2GenericFailureReasons.TokenRequestFailed, exchange.GetTagItem("error.type"));
        Assert.Equal("invalid_grant", exchange.GetTagItem("oauth2generic.oauth.error"));
        Assert.Equal(400, exchange.GetTagItem("http.response.status_code"));
        Assert.Equal("invalid_grant", telemetry.Span("oauth2generic.callback").GetTagItem("oauth2generic.oauth.error"));
        var call = Assert.Single(telemetry.PointsOf("oauth2generic.provider.request.duration"));
        Assert.Equal("4xx", call["oauth2generic.response.status_class"]);
    }

    [Theory]
    [InlineData("/oauth/token", 302, "oauth2generic.code_exchange")]
    [InlineData(FakeProvider.UserInfoPath, 307, "oauth2generic.user_info")]
    public async Task A_provider_endpoint_that_redirects_is_provider_answer_refused_whatever_the_call(string path, int status, string callSpan)
    {
        using var elsewhere = new FakeProvider().Working();
        if (path == FakeProvider.UserInfoPath)
        {
            _provider.Token();
        }

        _provider.Respond(
            Request.Create().WithPath(path), status, string.Empty, contentType: null, headers: new Dictionary<string, string> { ["Location"] = elsewhere.Url + path });
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic(Scheme, _provider.Configure));
        using var telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        browser.Headers["traceparent"] = telemetry.TraceParent;

        using var callback = await FailSignIn(app, browser, OAuth2GenericFailureReasons.ProviderAnswerRefused);

        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(OAuth2GenericFailureReasons.ProviderAnswerRefused, failure.Reason);
        Assert.Equal(OAuth2GenericFailureReasons.ProviderAnswerRefused, telemetry.Span("oauth2generic.callback").GetTagItem("error.type"));
        Assert.Equal(OAuth2GenericFailureReasons.ProviderAnswerRefused, telemetry.Span(callSpan).GetTagItem("error.type"));
        Assert.Empty(elsewhere.Server.LogEntries);
    }

    [Theory]
    [InlineData("access_denied")]
    [InlineData("login_required")]
    [InlineData("temporarily_unavailable")]
    public async Task A_callback_error_that_is_a_known_OAuth_error_code_is_the_spans_tag(string error)
    {
        var (failure, span) = await FailWithCallbackError(error);

        Assert.Equal(error, failure.Error);
        Assert.Equal(error, span.GetTagItem("oauth2generic.oauth.error"));
    }

    [Theory]
    [InlineData("ACCESS_DENIED")]
    [InlineData("access_denied_")]
    [InlineData(null)]
    public async Task Any_other_callback_error_is_OTHER_on_the_span_and_the_providers_text_on_the_failure(string? error)
    {
        // null: text nobody can list in advance, as an attacker's would be.
        error ??= "attacker-chosen-" + Guid.NewGuid().ToString("N");

        var (failure, span) = await FailWithCallbackError(error);

        Assert.Equal(error, failure.Error);
        Assert.Equal("_OTHER", span.GetTagItem("oauth2generic.oauth.error"));
    }

    [Fact]
    public async Task A_timeout_is_on_the_provider_calls_span_and_duration_without_a_status()
    {
        await using var app = await StartApp(OAuth2GenericFailureReasons.Timeout);
        using var telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        browser.Headers["traceparent"] = telemetry.TraceParent;

        using var callback = await FailSignIn(app, browser, OAuth2GenericFailureReasons.Timeout);

        var exchange = telemetry.Span("oauth2generic.code_exchange");
        Assert.Equal(OAuth2GenericFailureReasons.Timeout, exchange.GetTagItem("error.type"));
        Assert.Null(exchange.GetTagItem("http.response.status_code"));
        var call = Assert.Single(telemetry.PointsOf("oauth2generic.provider.request.duration"));
        Assert.Equal(OAuth2GenericFailureReasons.Timeout, call["error.type"]);
        Assert.Null(call["oauth2generic.response.status_class"]);
    }

    private async Task<(OAuth2GenericException Failure, Activity CallbackSpan)> FailWithCallbackError(string error)
    {
        await using var app = await StartApp(OAuth2GenericFailureReasons.ProviderError);
        using var telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        browser.Headers["traceparent"] = telemetry.TraceParent;
        var authorizeUrl = await browser.ChallengeAsync(Scheme);

        using var callback = await browser.CallbackWithStateAsync(authorizeUrl, "error=" + Uri.EscapeDataString(error));

        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(OAuth2GenericFailureReasons.ProviderError, failure.Reason);
        return (failure, telemetry.Span("oauth2generic.callback"));
    }

    private Task<TestApp> StartApp(string reason) =>
        TestApp.StartAsync(auth => auth.AddOAuth2Generic(Scheme, options =>
        {
            _provider.Configure(options);
            options.TimeProvider = _clock;
            switch (reason)
            {
                case OAuth2GenericFailureReasons.Timeout:
                    options.BackchannelTimeout = TimeSpan.FromMilliseconds(300);
                    _provider.Token(delay: TimeSpan.FromSeconds(3));
                    break;
                case OAuth2GenericFailureReasons.ProviderUnreachable:
                    options.ClientOptions.TokenUrl = $"http://127.0.0.1:{FakeProvider.FreePort()}/oauth/token";
                    break;
                case OAuth2GenericFailureReasons.ProviderAnswerRefused:
                    options.BackchannelMaxResponseSize = 16;
                    _provider.Token();
                    break;
                case OAuth2GenericFailureReasons.TokenRequestFailed:
                    _provider.Token(status: 400, body: """{"error":"invalid_grant","error_description":"The code was used"}""");
                    break;
                case OAuth2GenericFailureReasons.UserInfoFailed:
                    _provider.Token().UserInfo(FakeProvider.UserInfoPath, "down", status: 500, contentType: "text/plain");
                    break;
                case OAuth2GenericFailureReasons.MappingFailed:
                    _provider.Token().UserInfo(FakeProvider.UserInfoPath, """{"name":"No Id"}""");
                    break;
                default:
                    _provider.Working();
                    break;
            }
        }));

    private async Task<HttpResponseMessage> FailSignIn(TestApp app, BrowserSession browser, string reason)
    {
        var authorizeUrl = await browser.ChallengeAsync(Scheme);
        switch (reason)
        {
            case OAuth2GenericFailureReasons.CorrelationCookieMissing:
                // Another browser (no correlation cookie) brings the callback, as a browser does that drops the cookie.
                var other = app.NewSession();
                other.Headers["traceparent"] = browser.Headers["traceparent"];
                return await other.CallbackWithStateAsync(authorizeUrl, "code=c");
            case OAuth2GenericFailureReasons.CorrelationInvalid:
                browser.SetCookie(Assert.Single(browser.Cookies.Keys, name => name.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal)), "x");
                return await browser.CallbackWithStateAsync(authorizeUrl, "code=c");
            case OAuth2GenericFailureReasons.CallbackRepeated:
                using (var first = await browser.CallbackWithStateAsync(authorizeUrl, "code=c"))
                {
                    Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
                }

                return await browser.CallbackWithStateAsync(authorizeUrl, "code=c");
            case OAuth2GenericFailureReasons.CallbackInvalid:
                return await browser.CallbackAsync(authorizeUrl, "?code=c");
            case OAuth2GenericFailureReasons.StateInvalid:
                return await browser.CallbackAsync(authorizeUrl, "?code=c&state=not-a-protected-state");
            case OAuth2GenericFailureReasons.StateExpired:
                _clock.Advance(TimeSpan.FromMinutes(16));
                return await browser.CallbackWithStateAsync(authorizeUrl, "code=c");
            case OAuth2GenericFailureReasons.ProviderError:
                return await browser.CallbackWithStateAsync(authorizeUrl, "error=access_denied");
            default:
                return await browser.CallbackWithStateAsync(authorizeUrl, "code=c");
        }
    }

    private Task<TestApp> StartCognitoApp(string reason)
    {
        if (reason == OAuth2GenericFailureReasons.SigningKeysUnavailable)
        {
            _cognito.JwksUnavailable().UserInfo();
        }
        else
        {
            _cognito.Jwks().UserInfo();
        }

        return TestApp.StartAsync(auth => auth.AddCognito(_cognito.ConfigureWithIdToken));
    }

    // A token whose nonce is not this sign-in's: id_token_invalid, check nonce; or any token when the keys are down.
    private async Task<HttpResponseMessage> FailCognitoSignIn(BrowserSession browser)
    {
        var (_, callback) = await _cognito.SignInAsync(browser, claims =>
        {
            claims["nonce"] = "another-sign-ins-nonce";
            return FakeCognito.Sign(claims);
        });
        return callback;
    }
}
