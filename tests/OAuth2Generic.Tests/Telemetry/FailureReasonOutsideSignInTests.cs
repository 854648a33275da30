using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OAuth2Generic.Cognito;
using OAuth2Generic.Tests.UserTokens;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.Telemetry;

/// <summary>
/// Each failure reason that no sign-in raises, driven through the real failing call over HTTP (a refresh, a sign-out's
/// revocation, a health check's discovery document): the same stable value where the application sees the failure (the
/// log line's <c>FailureReason</c>, or the health entry's exception) and on the provider call's span. Together with
/// <see cref="FailureReasonTests.Reasons"/>, these cover every reason docs/observability.md lists
/// (<c>Documentation/FailureReasonTableTests</c> checks that).
/// </summary>
public sealed class FailureReasonOutsideSignInTests : IDisposable
{
    private readonly FakeCognito _cognito = new();

    public void Dispose() => _cognito.Dispose();

    public static TheoryData<string> Reasons =>
    [
        OAuth2GenericFailureReasons.RefreshTokenInvalid,
        OAuth2GenericFailureReasons.RevocationFailed,
        OAuth2GenericFailureReasons.DiscoveryFailed,
    ];

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task Each_reason_is_where_the_application_sees_the_failure_and_on_the_calls_span(string reason)
    {
        var (seen, span) = reason switch
        {
            OAuth2GenericFailureReasons.RefreshTokenInvalid => await FailRefreshAsync(),
            OAuth2GenericFailureReasons.RevocationFailed => await FailRevocationAsync(),
            _ => await FailDiscoveryAsync(),
        };

        Assert.Equal(reason, seen);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(reason, span.GetTagItem("error.type"));
        Assert.Equal(reason, span.StatusDescription);
    }

    // A refresh token refused with invalid_grant: the session ends, and its log line and span say why.
    private static async Task<(object? Seen, Activity Span)> FailRefreshAsync()
    {
        await using var scenario = await RefreshProviderAnswerTests.SignInGenericAsync();
        using var telemetry = new TelemetryRecorder(scenario.App.Services);
        scenario.Browser.Headers["traceparent"] = telemetry.TraceParent;
        scenario.RefreshAnswers(400, """{"error":"invalid_grant"}""");

        scenario.Time.Advance(RefreshProviderAnswerTests.UntilDue);
        Assert.Equal(HttpStatusCode.Unauthorized, await scenario.StatusOfAsync("/me"));

        var line = Assert.Single(scenario.App.Logs.Lines, line => line.EventId.Name == "SessionEndedAtRefresh");
        Assert.Equal(line["FailureReason"], Assert.Single(telemetry.PointsOf("oauth2generic.token_refreshes"))["error.type"]);
        return (line["FailureReason"], telemetry.Span("oauth2generic.refresh"));
    }

    // A revocation refused at sign-out: the sign-out goes on, and its warning and span say why.
    private async Task<(object? Seen, Activity Span)> FailRevocationAsync()
    {
        _cognito.Token(idToken: null).UserInfo();
        _cognito.Provider.Respond(Request.Create().WithPath(FakeCognito.RevokePath).UsingPost(), 400, """{"error":"unsupported_token_type"}""", "application/json");
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.Configure(options);
            options.SaveTokens = true;
        }));
        using var telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);
        browser.Headers["traceparent"] = telemetry.TraceParent;

        using var signOut = await browser.GetAsync("/signout/Cognito");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var line = Assert.Single(app.Logs.Lines, line => line.EventId.Name == "RefreshTokenRevocationFailed");
        return (line["FailureReason"], telemetry.Span("oauth2generic.revocation"));
    }

    // A discovery document of another pool: the health entry's failure and the span say why.
    private async Task<(object? Seen, Activity Span)> FailDiscoveryAsync()
    {
        _cognito.Jwks();
        HealthServices.Discovery(_cognito, issuer: _cognito.Issuer + "-another-pool");
        await using var services = HealthServices.Build(_cognito);
        using var telemetry = new TelemetryRecorder(services);

        var entry = await HealthServices.CheckAsync(services, telemetry.TraceParent);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        return (Assert.IsType<OAuth2GenericException>(entry.Exception).Reason, telemetry.Span("oauth2generic.discovery"));
    }
}
