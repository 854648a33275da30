using System.Diagnostics;
using System.Net;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// A refresh is a provider call like the others: a span of the package's source in the request's trace, the parent of
/// System.Net's, and a point of the refreshes counter; a refused refresh token carries its own reason on both.
/// </summary>
public sealed class RefreshTelemetryTests
{
    private static readonly TimeSpan UntilDue = TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_refresh_is_one_span_under_the_request_and_one_success_point()
    {
        await using var scenario = await RefreshOnValidationTests.SignInAsync();
        using var telemetry = new TelemetryRecorder(scenario.App.Services);
        scenario.Browser.Headers["traceparent"] = telemetry.TraceParent;

        scenario.Time.Advance(UntilDue);
        using var page = await scenario.Browser.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var span = telemetry.Span("oauth2generic.refresh");
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal("refresh", span.GetTagItem("oauth2generic.call"));
        Assert.Equal("token", span.GetTagItem("oauth2generic.endpoint"));
        Assert.Equal("token_refresh", span.GetTagItem("oauth2generic.step"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Single(telemetry.Spans, candidate => candidate.Source.Name == "System.Net.Http" && candidate.ParentSpanId == span.SpanId);
        var point = Assert.Single(telemetry.PointsOf("oauth2generic.token_refreshes"));
        Assert.Equal(1L, point.Value);
        Assert.Equal("success", point["oauth2generic.outcome"]);
        Assert.Equal("Cognito", point["oauth2generic.scheme"]);
        Assert.Equal("refresh", Assert.Single(telemetry.PointsOf("oauth2generic.provider.request.duration"))["oauth2generic.call"]);
    }

    [Fact]
    public async Task A_refused_refresh_token_is_refresh_token_invalid_on_the_span_and_the_point_and_no_token_is_in_either()
    {
        await using var scenario = await RefreshOnValidationTests.SignInAsync();
        var token = await scenario.TokenAsync();
        using var telemetry = new TelemetryRecorder(scenario.App.Services);
        scenario.Browser.Headers["traceparent"] = telemetry.TraceParent;
        scenario.Emulator.GlobalSignOut("alice");

        scenario.Time.Advance(UntilDue);
        using var page = await scenario.Browser.GetAsync("/me");

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        var span = telemetry.Span("oauth2generic.refresh");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("refresh_token_invalid", span.GetTagItem("error.type"));
        Assert.Equal("invalid_grant", span.GetTagItem("oauth2generic.oauth.error"));
        var point = Assert.Single(telemetry.PointsOf("oauth2generic.token_refreshes"));
        Assert.Equal("session_ended", point["oauth2generic.outcome"]);
        Assert.Equal("refresh_token_invalid", point["error.type"]);
        Assert.DoesNotContain(telemetry.AllText(), text => text.Contains(token.AccessToken!, StringComparison.Ordinal));
    }
}
