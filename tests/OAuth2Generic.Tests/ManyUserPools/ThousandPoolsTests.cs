using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// The targets of many user pools: a thousand pools in one emulator, ten bearer requests each in a random order and
/// eight at a time, against an API whose resolver trusts them all. Each pool's JWKS is fetched exactly once however many
/// of its requests race; with the cache limited to a hundred pools, the pools' memory stays within its bound and the
/// evictions are counted.
/// </summary>
[Trait("Category", "Slow")]
[Collection(MemoryMeasurementCollection.Name)]
public sealed class ThousandPoolsTests : IAsyncLifetime
{
    private const int PoolCount = 1000;
    private const int RequestsPerPool = 10;

    // The bound docs/performance.md states for a resolved pool kept with its keys: its trust, its keys object, the parsed
    // JWKS of one 2048-bit RSA key, and the cache's bookkeeping. Measured: 285 KiB for 100 pools, Kestrel's noise included.
    private const long BytesPerPool = 16 * 1024;

    // What the process may keep besides the pools over ten thousand requests (Kestrel's and the runtime's buffers).
    private const long Slack = 2L * 1024 * 1024;

    private readonly DictionaryPoolResolver _resolver = new();
    private PoolSet _pools = null!;
    private string[] _tokens = null!;

    public async ValueTask InitializeAsync()
    {
        _pools = await PoolSet.StartAsync(PoolCount);
        _tokens = new string[PoolCount];
        for (var index = 0; index < PoolCount; index++)
        {
            _resolver.TenantsByIssuer[_pools.Pools[index].Issuer] = $"tenant-{index}";
            _tokens[index] = await _pools.TokenAsync(_pools.Pools[index]);
        }
    }

    public async ValueTask DisposeAsync() => await _pools.DisposeAsync();

    [Fact]
    public async Task Each_pools_keys_are_fetched_exactly_once_for_ten_racing_requests_each()
    {
        await using var api = await ManyPoolsBearerTests.StartApiAsync(options =>
        {
            options.PoolResolver = _resolver;

            // Every request validates, rather than the validation cache answering the second of a token.
            options.ValidationCacheSizeLimit = 0;
        });

        var statuses = await SendAllAsync(api);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(_pools.Pools, pool => Assert.Equal(1, pool.JwksRequests));
        Assert.Equal(PoolCount, _resolver.Calls);
        Assert.Equal(0, Pools(api).Resolved!.Evictions);
    }

    [Fact]
    public async Task With_a_limit_of_a_hundred_pools_the_pools_memory_stays_bounded_and_evictions_are_counted()
    {
        // A warm-up on an API of its own, so that what a process makes once (JIT, Kestrel's and the runtime's pools) is not
        // counted; the API measured starts with no pool.
        await using (var warmUp = await StartLimitedApiAsync())
        {
            await SendAllAsync(warmUp, PoolCount / 10);
        }

        var growth = await RetainedMemory.GrowthAsync(
            async () =>
            {
                await using var api = await StartLimitedApiAsync();
                var before = GC.GetTotalMemory(forceFullCollection: true);
                var fetchesBefore = _pools.Pools.Sum(pool => pool.JwksRequests);

                var statuses = await SendAllAsync(api);
                var growth = GC.GetTotalMemory(forceFullCollection: true) - before;

                Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
                var cache = Pools(api).Resolved!;
                Assert.Equal(100, cache.Count);

                // Every request of a pool that had left the cache made it again (a fetch of its keys), and pushed another out.
                var fetches = _pools.Pools.Sum(pool => pool.JwksRequests) - fetchesBefore;
                Assert.Equal(fetches - 100, cache.Evictions);
                Assert.True(cache.Evictions >= PoolCount - 100, $"{cache.Evictions} evictions");
                return growth;
            },
            (100 * BytesPerPool) + Slack);

        Assert.True(growth <= (100 * BytesPerPool) + Slack, $"The API kept {growth / 1024.0:F0} KiB more after {PoolCount * RequestsPerPool} requests of {PoolCount} pools.");
    }

    private Task<ApiApp> StartLimitedApiAsync() =>
        ManyPoolsBearerTests.StartApiAsync(
            options =>
            {
                options.PoolResolver = _resolver;
                options.PoolCacheSizeLimit = 100;
                options.ValidationCacheSizeLimit = 0;
            },
            configureServices: services => services.AddLogging(logging => logging.ClearProviders()));

    private static TrustedUserPools Pools(ApiApp api) =>
        api.Services.GetRequiredService<IOptionsMonitor<CognitoJwtBearerOptions>>().Get(CognitoJwtBearerDefaults.AuthenticationScheme).TrustedPools;

    // Ten requests per pool (or the first pools' only), shuffled, eight at a time.
    private async Task<HttpStatusCode[]> SendAllAsync(ApiApp api, int pools = PoolCount)
    {
        var order = Enumerable.Range(0, pools * RequestsPerPool).Select(index => index % pools).ToArray();
        new Random(20261206).Shuffle(order);
        var statuses = new HttpStatusCode[order.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, order.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
            async (index, _) =>
            {
                using var response = await api.GetAsync("/me", _tokens[order[index]]);
                statuses[index] = response.StatusCode;
            });
        return statuses;
    }
}
