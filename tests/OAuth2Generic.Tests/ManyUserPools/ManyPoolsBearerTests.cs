using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// An API that trusts many user pools (<c>AddCognitoJwtBearer</c> with a <see cref="CognitoPoolResolver"/> or a list of
/// issuers), through real HTTP against the emulator serving three pools: A and B trusted, C not.
/// </summary>
public sealed class ManyPoolsBearerTests : IAsyncLifetime
{
    private readonly DictionaryPoolResolver _resolver = new();
    private PoolSet _pools = null!;
    private ApiApp _api = null!;

    private Testing.CognitoEmulatorUserPool PoolA => _pools.Pools[0];

    private Testing.CognitoEmulatorUserPool PoolB => _pools.Pools[1];

    private Testing.CognitoEmulatorUserPool PoolC => _pools.Pools[2];

    public async ValueTask InitializeAsync()
    {
        _pools = await PoolSet.StartAsync(3);
        _resolver.TenantsByIssuer[PoolA.Issuer] = "a";
        _resolver.TenantsByIssuer[PoolB.Issuer] = "b";
        _api = await StartApiAsync(options => options.PoolResolver = _resolver);
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _pools.DisposeAsync();
    }

    [Fact]
    public async Task Tokens_of_each_trusted_pool_are_accepted_with_that_pools_issuer()
    {
        foreach (var pool in new[] { PoolA, PoolB })
        {
            using var response = await _api.GetAsync("/me", await _pools.TokenAsync(pool));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"\"type\":\"iss\",\"value\":\"{pool.Issuer}\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Equal(1, pool.JwksRequests);
        }
    }

    [Fact]
    public async Task A_token_of_an_untrusted_pool_is_refused_before_any_key_is_fetched()
    {
        var token = await _pools.TokenAsync(PoolC);

        using var first = await _api.GetAsync("/me", token);
        using var second = await _api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Contains("not issued by a trusted user pool", first.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, PoolC.JwksRequests);
    }

    [Fact]
    public async Task A_token_of_pool_A_at_a_route_of_tenant_B_is_refused_even_once_validated()
    {
        var token = await _pools.TokenAsync(PoolA);

        using var own = await _api.GetAsync("/tenants/a/orders", token);
        using var other = await _api.GetAsync("/tenants/b/orders", token);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        Assert.Contains("not this route's tenant", other.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_trusted_while_the_API_runs_is_accepted_at_once()
    {
        var token = await _pools.TokenAsync(PoolC);
        using var before = await _api.GetAsync("/me", token);

        _resolver.TenantsByIssuer[PoolC.Issuer] = "c";
        using var after = await _api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_resolver_that_throws_gets_401_not_500_and_its_exception_is_logged_without_the_token()
    {
        var token = await _pools.TokenAsync(PoolA);
        _resolver.Behaviour = _ => throw new InvalidOperationException("the tenants database is down");

        using var response = await _api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("could not be checked", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var logged = Assert.Single(_api.Logs.Lines, line => line.EventId.Name == "ResolverFailed");
        Assert.Contains("the tenants database is down", logged.Exception, StringComparison.Ordinal);
        Assert.DoesNotContain(_api.Logs.Lines, line => (line.Message + line.Exception).Contains(token, StringComparison.Ordinal));
        Assert.Equal(0, PoolA.JwksRequests);
    }

    [Fact]
    public async Task A_resolver_slower_than_its_timeout_gets_401_not_500()
    {
        await using var api = await StartApiAsync(options =>
        {
            options.PoolResolver = _resolver;
            options.PoolResolverTimeout = TimeSpan.FromMilliseconds(200);
        });
        var token = await _pools.TokenAsync(PoolA);
        _resolver.Behaviour = _ => Task.Delay(Timeout.Infinite, TestContext.Current.CancellationToken);

        using var response = await api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(api.Logs.Lines, line => line.EventId.Name == "ResolverTimedOut");
    }

    [Fact]
    public async Task A_resolver_that_fails_when_asked_again_keeps_the_pool_it_trusted()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = await StartApiAsync(options =>
        {
            options.PoolResolver = _resolver;
            options.PoolCacheDuration = TimeSpan.FromMinutes(1);
            options.ValidationCacheSizeLimit = 0;
            options.TimeProvider = clock;
        });
        var token = await _pools.TokenAsync(PoolA);
        using var before = await api.GetAsync("/me", token);

        clock.Advance(TimeSpan.FromMinutes(2));
        _resolver.Behaviour = _ => throw new InvalidOperationException("the tenants database is down");
        using var after = await api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, _resolver.Calls);
        Assert.Equal(1, PoolA.JwksRequests);
    }

    [Fact]
    public async Task A_fixed_list_of_issuers_trusts_those_pools_only()
    {
        await using var api = await StartApiAsync(options => options.Issuers = [PoolA.Issuer, PoolB.Issuer]);

        using var a = await api.GetAsync("/me", await _pools.TokenAsync(PoolA));
        using var b = await api.GetAsync("/me", await _pools.TokenAsync(PoolB));
        using var c = await api.GetAsync("/me", await _pools.TokenAsync(PoolC));

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, c.StatusCode);
        Assert.Equal(0, PoolC.JwksRequests);
    }

    [Fact]
    public async Task A_scheme_with_neither_pool_nor_resolver_fails_at_start_naming_the_options()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartApiAsync(options => options.PoolCacheSizeLimit = 0, withClientIds: false));

        Assert.Contains("UserPoolId", failure.Message, StringComparison.Ordinal);
        Assert.Contains("PoolCacheSizeLimit", failure.Message, StringComparison.Ordinal);
    }

    internal static Task<ApiApp> StartApiAsync(Action<CognitoJwtBearerOptions> configure, bool withClientIds = true, Action<IServiceCollection>? configureServices = null) =>
        ApiApp.StartAsync(
            auth => auth.AddCognitoJwtBearer(options =>
            {
                if (withClientIds)
                {
                    options.ClientIds = [PoolSet.ClientId];
                }

                configure(options);
            }),
            configureServices,
            mapEndpoints: app => app.MapGet("/tenants/{tenant}/orders", (string tenant) => Results.Text(tenant)).RequireScope("orders/read"));
}
