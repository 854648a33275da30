using Microsoft.Extensions.Diagnostics.HealthChecks;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.Health;

/// <summary>
/// What <c>discovery_failed</c> means (docs/observability.md): the discovery document was refused or describes another
/// pool. Out of reach is <c>timeout</c> or <c>provider_unreachable</c>, as for every endpoint. The health entry carries
/// the failure, with its reason and the step <see cref="FailureStep.Discovery"/>, and the discovery span the same reason
/// and the step tag <c>discovery</c>.
/// </summary>
public sealed class DiscoveryFailureTests : IDisposable
{
    private readonly FakeCognito _cognito = new();

    public void Dispose() => _cognito.Dispose();

    public static TheoryData<string> WrongDocuments => ["another issuer", "keys elsewhere", "404", "not JSON"];

    [Theory]
    [MemberData(nameof(WrongDocuments))]
    public async Task A_discovery_document_refused_or_describing_another_pool_is_discovery_failed(string wrong)
    {
        _cognito.Jwks();
        switch (wrong)
        {
            case "another issuer":
                HealthServices.Discovery(_cognito, issuer: _cognito.Issuer + "x");
                break;
            case "keys elsewhere":
                HealthServices.Discovery(_cognito, jwksUri: "https://elsewhere.example/jwks.json");
                break;
            case "404":
                _cognito.Provider.Respond(Request.Create().WithPath(HealthServices.DiscoveryPath), 404, "{}", "application/json");
                break;
            default:
                _cognito.Provider.Respond(Request.Create().WithPath(HealthServices.DiscoveryPath), 200, "<html></html>", "text/html");
                break;
        }

        await using var services = HealthServices.Build(_cognito);
        using var telemetry = new TelemetryRecorder(services);

        var entry = await HealthServices.CheckAsync(services, telemetry.TraceParent);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        var failure = Assert.IsType<OAuth2GenericException>(entry.Exception);
        Assert.Equal((FailureStep.Discovery, OAuth2GenericFailureReasons.DiscoveryFailed), (failure.Step, failure.Reason));
        Assert.StartsWith($"The user pool's discovery document ({_cognito.Provider.Host}) ", failure.Message, StringComparison.Ordinal);
        Assert.Equal(failure.Message, entry.Description);
        var span = telemetry.Span("oauth2generic.discovery");
        Assert.Equal(OAuth2GenericFailureReasons.DiscoveryFailed, span.GetTagItem("error.type"));
        Assert.Equal("discovery", span.GetTagItem("oauth2generic.step"));
    }

    [Fact]
    public async Task A_discovery_document_describing_another_issuer_names_both_issuers()
    {
        _cognito.Jwks();
        HealthServices.Discovery(_cognito, issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other");
        await using var services = HealthServices.Build(_cognito);

        var entry = await HealthServices.CheckAsync(services);

        Assert.Equal(
            $"The user pool's discovery document ({_cognito.Provider.Host}) returned a document that names the issuer "
            + $"'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other', not '{_cognito.Issuer}'.",
            entry.Description);
    }

    [Fact]
    public async Task A_discovery_document_out_of_reach_is_the_transports_reason_not_discovery_failed()
    {
        _cognito.Jwks();
        _cognito.Provider.Respond(Request.Create().WithPath(HealthServices.DiscoveryPath), 200, "{}", "application/json", delay: TimeSpan.FromSeconds(5));
        await using var services = HealthServices.Build(_cognito, options => options.BackchannelTimeout = TimeSpan.FromMilliseconds(500));
        using var telemetry = new TelemetryRecorder(services);

        var entry = await HealthServices.CheckAsync(services, telemetry.TraceParent);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        var failure = Assert.IsType<OAuth2GenericException>(entry.Exception);
        Assert.Equal((FailureStep.Discovery, OAuth2GenericFailureReasons.Timeout, true), (failure.Step, failure.Reason, failure.IsTransient));
        Assert.Equal(OAuth2GenericFailureReasons.Timeout, telemetry.Span("oauth2generic.discovery").GetTagItem("error.type"));
    }

    [Fact]
    public async Task A_discovery_document_that_describes_the_pool_is_healthy_and_its_span_is_tagged_discovery()
    {
        _cognito.Jwks();
        HealthServices.Discovery(_cognito);
        await using var services = HealthServices.Build(_cognito);
        using var telemetry = new TelemetryRecorder(services);

        var entry = await HealthServices.CheckAsync(services, telemetry.TraceParent);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Null(entry.Exception);
        Assert.Equal("discovery", telemetry.Span("oauth2generic.discovery").GetTagItem("oauth2generic.step"));
    }
}
