using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// One health check for an API of many user pools (<c>AddCognitoJwtBearerCheck</c> over a scheme with a pool
/// resolver): it reports the pools the API has seen, from what its requests fetched, and never probes a pool itself.
/// </summary>
public sealed class ManyPoolsHealthTests : IAsyncLifetime
{
    private const string Entry = "cognito:" + CognitoJwtBearerDefaults.AuthenticationScheme;

    private readonly DictionaryPoolResolver _resolver = new();
    private PoolSet _pools = null!;
    private ApiApp _api = null!;

    public async ValueTask InitializeAsync()
    {
        _pools = await PoolSet.StartAsync(2);
        _resolver.TenantsByIssuer[_pools.Pools[0].Issuer] = "a";
        _resolver.TenantsByIssuer[_pools.Pools[1].Issuer] = "b";
        _api = await ManyPoolsBearerTests.StartApiAsync(
            options => options.PoolResolver = _resolver,
            configureServices: services => services.AddHealthChecks().AddCognitoJwtBearerCheck());
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _pools.DisposeAsync();
    }

    [Fact]
    public async Task The_check_reports_the_pools_seen_without_a_request_to_any_pool()
    {
        var before = await CheckAsync();
        foreach (var pool in _pools.Pools)
        {
            using var response = await _api.GetAsync("/me", await _pools.TokenAsync(pool));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var after = await CheckAsync();
        await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Equal(0, before.Data["pools"]);
        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.Equal(2, after.Data["pools"]);
        Assert.All(_pools.Pools, pool => Assert.Equal(1, pool.JwksRequests));
    }

    [Fact]
    public async Task A_pool_whose_keys_cannot_be_fetched_makes_the_check_degraded_and_is_named()
    {
        using var response = await _api.GetAsync("/me", await _pools.TokenAsync(_pools.Pools[0]));
        var dead = "http://127.0.0.1:9/us-east-1_Unreachable";
        _resolver.TenantsByIssuer[dead] = "dead";
        using var refused = await _api.GetAsync("/me", AccessTokens.Signed(dead, claims => claims["client_id"] = PoolSet.ClientId));

        var report = await CheckAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal(1, report.Data["poolsWithoutKeys"]);
        Assert.True(report.Data.ContainsKey(dead));
    }

    private async Task<HealthReportEntry> CheckAsync() =>
        (await _api.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken)).Entries[Entry];
}
