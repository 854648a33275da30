using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Telemetry;

/// <summary>
/// A sign-in as an OpenTelemetry SDK sees it: spans for the challenge, the callback and each provider call, the last
/// the parents of System.Net's HttpClient spans; and the points of the package's metrics, with their units.
/// </summary>
public sealed class SignInTelemetryTests : IDisposable
{
    private readonly FakeProvider _provider = new();
    private readonly FakeCognito _cognito = new();

    public void Dispose()
    {
        _provider.Dispose();
        _cognito.Dispose();
    }

    [Fact]
    public async Task A_sign_in_is_a_tree_of_spans_from_the_challenge_and_the_callback_down_to_the_HttpClient_spans()
    {
        _provider.Working();
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", _provider.Configure));
        using var telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        browser.Headers["traceparent"] = telemetry.TraceParent;

        var (_, callback) = await browser.SignInAsync("idp");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var challenge = telemetry.Span("oauth2generic.challenge");
        Assert.Equal(ActivityKind.Internal, challenge.Kind);
        Assert.Equal("idp", challenge.GetTagItem("oauth2generic.scheme"));
        Assert.Equal(new Uri(_provider.Url).Host, challenge.GetTagItem("server.address"));
        var challengeRequest = AssertChildOfARequest(telemetry, challenge);

        var callbackSpan = telemetry.Span("oauth2generic.callback");
        Assert.Equal("success", callbackSpan.GetTagItem("oauth2generic.outcome"));
        Assert.Null(callbackSpan.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, callbackSpan.Status);
        Assert.NotEqual(challengeRequest.SpanId, AssertChildOfARequest(telemetry, callbackSpan).SpanId);

        var exchange = AssertProviderCall(telemetry, callbackSpan, "oauth2generic.code_exchange", "code_exchange", "token", new Uri(_provider.Url));
        var userInfo = AssertProviderCall(telemetry, callbackSpan, "oauth2generic.user_info", "user_info", "user_info", new Uri(_provider.Url));
        Assert.True(exchange.StartTimeUtc + exchange.Duration <= userInfo.StartTimeUtc, "The code is exchanged before the user information is fetched.");

        // Nothing else: one span per step, no stray ones.
        Assert.Equal(
            ["oauth2generic.challenge", "oauth2generic.code_exchange", "oauth2generic.user_info", "oauth2generic.callback"],
            telemetry.PackageSpans.Select(span => span.OperationName));
    }

    [Fact]
    public async Task A_sign_in_records_one_point_on_each_sign_in_metric_with_OpenTelemetry_units()
    {
        _provider.Working();
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", _provider.Configure));
        using var telemetry = new TelemetryRecorder(app.Services);

        var (_, callback) = await app.NewSession().SignInAsync("idp");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var signIn = Assert.Single(telemetry.PointsOf("oauth2generic.sign_ins"));
        Assert.Equal(1, signIn.Value);
        Assert.Equal("{sign_in}", signIn.Instrument.Unit);
        Assert.Equal("idp", signIn["oauth2generic.scheme"]);
        Assert.Equal("success", signIn["oauth2generic.outcome"]);
        Assert.Null(signIn["error.type"]);

        var callbackDuration = Assert.Single(telemetry.PointsOf("oauth2generic.callback.duration"));
        Assert.Equal("s", callbackDuration.Instrument.Unit);
        Assert.InRange(callbackDuration.Value, 0.000_001, 30);

        // From the challenge: to within a second, as the state records it.
        var signInDuration = Assert.Single(telemetry.PointsOf("oauth2generic.sign_in.duration"));
        Assert.Equal("s", signInDuration.Instrument.Unit);
        Assert.InRange(signInDuration.Value, 0, 30);

        var calls = telemetry.PointsOf("oauth2generic.provider.request.duration");
        Assert.Equal(["code_exchange", "user_info"], calls.Select(call => call["oauth2generic.call"]));
        Assert.Equal(["token", "user_info"], calls.Select(call => call["oauth2generic.endpoint"]));
        Assert.All(calls, call =>
        {
            Assert.Equal("s", call.Instrument.Unit);
            Assert.Equal("2xx", call["oauth2generic.response.status_class"]);
            Assert.Equal(new Uri(_provider.Url).Host, call["server.address"]);
            Assert.Null(call["error.type"]);
        });
    }

    [Fact]
    public async Task A_Cognito_sign_in_adds_the_fetch_of_the_user_pools_keys_as_a_span_and_counts_it_as_the_first()
    {
        _cognito.Jwks().UserInfo();
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(_cognito.ConfigureWithIdToken));
        using var telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        browser.Headers["traceparent"] = telemetry.TraceParent;

        var (_, callback) = await _cognito.SignInAsync(browser);
        var (_, second) = await _cognito.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var callbacks = telemetry.Spans.Where(span => span.OperationName == "oauth2generic.callback").ToList();
        Assert.Equal(2, callbacks.Count);

        // The first sign-in waits for the keys; the second uses them.
        var keys = AssertProviderCall(telemetry, callbacks[0], "oauth2generic.signing_keys", "signing_keys", "jwks", new Uri(_cognito.Domain));
        Assert.Equal("id_token", keys.GetTagItem("oauth2generic.step"));
        var fetch = Assert.Single(telemetry.PointsOf("oauth2generic.signing_keys.fetches"));
        Assert.Equal("first", fetch["oauth2generic.signing_keys.fetch_reason"]);
        Assert.Equal("{fetch}", fetch.Instrument.Unit);
        Assert.Equal(2, telemetry.PointsOf("oauth2generic.sign_ins").Count(point => (string?)point["oauth2generic.outcome"] == "success"));
    }

    // The span of the request ASP.NET Core served it in (Microsoft.AspNetCore.Hosting.HttpRequestIn).
    private static Activity AssertChildOfARequest(TelemetryRecorder telemetry, Activity span)
    {
        var request = Assert.Single(telemetry.Spans, candidate => candidate.SpanId == span.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", request.Source.Name);
        Assert.Equal(ActivityKind.Server, request.Kind);
        return request;
    }

    private static Activity AssertProviderCall(TelemetryRecorder telemetry, Activity parent, string name, string call, string endpoint, Uri provider)
    {
        var span = Assert.Single(telemetry.Spans, candidate => candidate.OperationName == name && candidate.ParentSpanId == parent.SpanId);
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal(call, span.GetTagItem("oauth2generic.call"));
        Assert.Equal(endpoint, span.GetTagItem("oauth2generic.endpoint"));
        Assert.Equal(provider.Host, span.GetTagItem("server.address"));
        Assert.Equal(provider.Port, span.GetTagItem("server.port"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);

        // System.Net's own span of the same call is the provider call's child.
        var http = Assert.Single(telemetry.Spans, candidate => candidate.Source.Name == "System.Net.Http" && candidate.ParentSpanId == span.SpanId);
        Assert.Equal(ActivityKind.Client, http.Kind);
        return span;
    }
}
