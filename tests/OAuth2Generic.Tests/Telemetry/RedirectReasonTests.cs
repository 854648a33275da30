using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OAuth2Generic.Cognito;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.Telemetry;

/// <summary>
/// A redirect is refused whatever the endpoint that sent it, and its reason is <c>provider_answer_refused</c>, never the
/// endpoint's own (docs/observability.md): here the JWKS at a sign-in, the revocation endpoint at a sign-out and the
/// discovery document of a health check, each on its failure, its log line or health entry, and its call's span. The
/// token and user-info endpoints are <c>FailureReasonTests.A_provider_endpoint_that_redirects_is_provider_answer_refused_whatever_the_call</c>.
/// </summary>
public sealed class RedirectReasonTests : IDisposable
{
    private readonly FakeCognito _cognito = new();
    private readonly FakeProvider _elsewhere = new();

    public RedirectReasonTests() => _elsewhere.Respond(Request.Create().UsingAnyMethod(), 200, "{}", "application/json");

    public void Dispose()
    {
        _cognito.Dispose();
        _elsewhere.Dispose();
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_JWKS_that_redirects_fails_the_sign_in_as_provider_answer_refused(int status)
    {
        RedirectFrom(FakeCognito.JwksPath, status);
        _cognito.UserInfo();
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(_cognito.ConfigureWithIdToken));
        using var telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        browser.Headers["traceparent"] = telemetry.TraceParent;

        var (_, callback) = await _cognito.SignInAsync(browser);
        callback.Dispose();

        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal((FailureStep.IdToken, OAuth2GenericFailureReasons.ProviderAnswerRefused), (failure.Step, failure.Reason));
        Assert.Contains($"returned {status} ", failure.Message, StringComparison.Ordinal);
        Assert.Equal(OAuth2GenericFailureReasons.ProviderAnswerRefused, telemetry.Span("oauth2generic.signing_keys").GetTagItem("error.type"));
        Assert.Equal(OAuth2GenericFailureReasons.ProviderAnswerRefused, telemetry.Span("oauth2generic.callback").GetTagItem("error.type"));
        Assert.Empty(_elsewhere.Server.LogEntries);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_revocation_endpoint_that_redirects_is_provider_answer_refused_in_the_sign_outs_log_line(int status)
    {
        _cognito.Token(idToken: null).UserInfo();
        RedirectFrom(FakeCognito.RevokePath, status);
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.Configure(options);
            options.SaveTokens = true;
        }));
        using var telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);
        browser.Headers["traceparent"] = telemetry.TraceParent;

        using var response = await browser.GetAsync("/signout/Cognito");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var line = Assert.Single(app.Logs.Lines, line => line.EventId.Name == "RefreshTokenRevocationFailed");
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal(OAuth2GenericFailureReasons.ProviderAnswerRefused, line["FailureReason"]);
        Assert.Equal(OAuth2GenericFailureReasons.ProviderAnswerRefused, telemetry.Span("oauth2generic.revocation").GetTagItem("error.type"));
        Assert.Empty(_elsewhere.Server.LogEntries);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_discovery_document_that_redirects_is_provider_answer_refused_in_the_health_entry(int status)
    {
        _cognito.Jwks();
        RedirectFrom(HealthServices.DiscoveryPath, status);
        await using var services = HealthServices.Build(_cognito);
        using var telemetry = new TelemetryRecorder(services);

        var entry = await HealthServices.CheckAsync(services, telemetry.TraceParent);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        var failure = Assert.IsType<OAuth2GenericException>(entry.Exception);
        Assert.Equal(OAuth2GenericFailureReasons.ProviderAnswerRefused, failure.Reason);
        Assert.Equal(failure.Message, entry.Description);
        Assert.Equal(OAuth2GenericFailureReasons.ProviderAnswerRefused, telemetry.Span("oauth2generic.discovery").GetTagItem("error.type"));
        Assert.Empty(_elsewhere.Server.LogEntries);
    }

    private void RedirectFrom(string path, int status) =>
        _cognito.Provider.Respond(
            Request.Create().WithPath(path), status, string.Empty, contentType: null,
            headers: new Dictionary<string, string> { ["Location"] = _elsewhere.Url + path });
}
