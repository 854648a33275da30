using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Health;

/// <summary>
/// <c>AddCognitoCheck</c> and <c>AddCognitoJwtBearerCheck</c>: Healthy against the emulator, Unhealthy (with a reason and
/// no secret) when the pool's JWKS is down, and no more than one fetch per RefreshInterval however often it is probed.
/// </summary>
public sealed class CognitoHealthCheckTests
{
    [Fact]
    public async Task Both_checks_are_healthy_against_the_emulator()
    {
        await using var cognito = await CognitoEmulator.StartAsync(_ => { }, TestContext.Current.CancellationToken);
        using var services = Services(cognito.Issuer, cognito.ConfigureClient);

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(["cognito:Cognito", "cognito:CognitoJwtBearer"], report.Entries.Keys.Order());
        Assert.Equal(1, cognito.JwksRequests);
    }

    [Fact]
    public async Task With_the_JWKS_down_the_check_is_unhealthy_with_the_reason_and_no_secret()
    {
        using var cognito = new FakeCognito();
        cognito.JwksUnavailable();
        using var services = Services(cognito.Issuer, options =>
        {
            cognito.ConfigureWithIdToken(options);
        });

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        var entry = report.Entries["cognito:CognitoJwtBearer"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("503", entry.Description, StringComparison.Ordinal);
        Assert.Contains(FakeCognito.JwksPath, entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeProvider.ClientSecret, entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_probes_fetch_the_keys_and_the_discovery_document_at_most_once_per_RefreshInterval()
    {
        using var cognito = new FakeCognito();
        cognito.JwksUnavailable();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var services = Services(cognito.Issuer, cognito.ConfigureWithIdToken, time);
        var health = services.GetRequiredService<HealthCheckService>();

        for (var i = 0; i < 20; i++)
        {
            await health.CheckHealthAsync(TestContext.Current.CancellationToken);
        }

        var withinInterval = (Jwks: cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count, Discovery: cognito.Provider.RequestsTo(DiscoveryPath).Count);
        time.Advance(TimeSpan.FromSeconds(31));
        await health.CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1, 2), withinInterval);
        Assert.Equal(2, cognito.Provider.RequestsTo(FakeCognito.JwksPath).Count);
        Assert.Equal(4, cognito.Provider.RequestsTo(DiscoveryPath).Count);
    }

    [Fact]
    public async Task Keys_fetched_before_keep_the_check_degraded_not_unhealthy_when_a_refresh_fails()
    {
        using var cognito = new FakeCognito();
        cognito.Jwks();
        cognito.Provider.Respond(
            WireMock.RequestBuilders.Request.Create().WithPath(DiscoveryPath).UsingGet(),
            200,
            $$"""{"issuer":"{{cognito.Issuer}}","jwks_uri":"{{cognito.Issuer}}/.well-known/jwks.json"}""",
            "application/json");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Both schemes alike: they share the pool's keys, made with the settings of whichever check runs first.
        using var services = Services(
            cognito.Issuer,
            options =>
            {
                cognito.ConfigureWithIdToken(options);
                options.AutomaticRefreshInterval = TimeSpan.FromMinutes(1);
            },
            time,
            options => options.AutomaticRefreshInterval = TimeSpan.FromMinutes(1));
        var health = services.GetRequiredService<HealthCheckService>();
        var before = await health.CheckHealthAsync(TestContext.Current.CancellationToken);
        cognito.JwksUnavailable();
        time.Advance(TimeSpan.FromMinutes(2));

        // The first probe after the interval starts the refresh in the background; a later one sees that it failed.
        HealthReportEntry entry = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            entry = (await health.CheckHealthAsync(TestContext.Current.CancellationToken)).Entries["cognito:CognitoJwtBearer"];
            if (entry.Status != HealthStatus.Healthy)
            {
                break;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.StartsWith("1 signing keys fetched before are in use, but the last fetch failed", entry.Description, StringComparison.Ordinal);
    }

    private const string DiscoveryPath = $"/{FakeCognito.UserPoolId}/.well-known/openid-configuration";

    private static ServiceProvider Services(string issuer, Action<CognitoOptions> configureSignIn, TimeProvider? time = null, Action<CognitoJwtBearerOptions>? configureApi = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuthentication()
            .AddCognito(options =>
            {
                configureSignIn(options);
                options.TimeProvider = time ?? TimeProvider.System;
            })
            .AddCognitoJwtBearer(options =>
            {
                options.Issuer = issuer;
                options.ClientIds = ["api-client"];
                options.TimeProvider = time ?? TimeProvider.System;
                configureApi?.Invoke(options);
            });
        services.AddHealthChecks().AddCognitoCheck().AddCognitoJwtBearerCheck();
        return services.BuildServiceProvider();
    }
}
