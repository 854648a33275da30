using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// The validation cache of <c>AddCognitoJwtBearer</c> is bounded by memory, not by a count of tokens: however many valid
/// tokens an API sees, and however large their claims, the memory it keeps stays within its budget. Measured as retained
/// memory over real HTTP, and seen in behaviour: a token the cache remembers passes after its key left the pool.
/// </summary>
[Trait("Category", "Slow")]
[Collection(MemoryMeasurementCollection.Name)]
public sealed class ValidationCacheMemoryTests : IDisposable
{
    private const long Budget = CognitoJwtBearerDefaults.ValidationCacheSizeLimit;

    // 2 MiB for the app's own noise: what the process may keep besides the cache over thousands of requests (Kestrel's
    // and the shared pools' buffers, the runtime's own growth), measured after a warm-up. Measured, it was under 0.5 MiB.
    private const long Slack = 2L * 1024 * 1024;

    private readonly FakeCognito _cognito = new();

    // The length of a token whose custom claim is empty: the same for every token of the pool (ids and times have fixed lengths).
    private readonly int _bareLength;

    public ValidationCacheMemoryTests()
    {
        _cognito.Jwks();
        _bareLength = AccessTokens.Signed(_cognito.Issuer, claims => claims["custom:profile"] = string.Empty).Length;
    }

    public void Dispose() => _cognito.Dispose();

    [Fact]
    public async Task Three_thousand_valid_30_KB_tokens_keep_no_more_memory_than_the_budget()
    {
        var growth = await RetainedGrowthAsync(() => StartApi(), count: 3_000, tokenLength: 30_000);

        Assert.True(growth <= Budget + Slack, $"The API kept {growth / 1024.0 / 1024.0:F1} MiB more after 3,000 tokens of 30 KB.");
    }

    [Fact]
    public async Task Three_thousand_valid_30_KB_tokens_the_cache_remembers_keep_no_more_memory_than_the_budget()
    {
        var growth = await RetainedGrowthAsync(
            () => StartApi(options => options.ValidationCacheMaxTokenSize = 64 * 1024),
            count: 3_000,
            tokenLength: 30_000,

            // Full: the tokens were remembered until the next one would have passed the budget.
            api => Assert.InRange(Cache(api).Size, Budget - (64 * 1024), Budget));

        Assert.True(growth <= Budget + Slack, $"The API kept {growth / 1024.0 / 1024.0:F1} MiB more after 3,000 tokens of 30 KB.");
    }

    [Fact]
    public async Task Twelve_thousand_valid_5_KB_tokens_keep_no_more_memory_than_the_budget()
    {
        var growth = await RetainedGrowthAsync(
            () => StartApi(), count: 12_000, tokenLength: 5_000, api => Assert.InRange(Cache(api).Size, Budget - (64 * 1024), Budget));

        Assert.True(growth <= Budget + Slack, $"The API kept {growth / 1024.0 / 1024.0:F1} MiB more after 12,000 tokens of 5 KB.");
    }

    [Fact]
    public async Task A_token_longer_than_ValidationCacheMaxTokenSize_is_validated_every_time()
    {
        await using var api = await StartApi();
        var longToken = Token(9_000);
        var shortToken = Token(2_000);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/orders", longToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/orders", shortToken)).StatusCode);

        await RetireSigningKeyAsync(api);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/orders", longToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/orders", shortToken)).StatusCode);
    }

    [Fact]
    public async Task A_ValidationCacheSizeLimit_of_0_turns_the_cache_off()
    {
        await using var api = await StartApi(options => options.ValidationCacheSizeLimit = 0);
        var token = Token(2_000);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/orders", token)).StatusCode);

        await RetireSigningKeyAsync(api);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/orders", token)).StatusCode);
    }

    [Fact]
    public async Task A_token_that_would_pass_the_budget_is_not_remembered_until_expired_entries_make_room()
    {
        // Room for one token of a 20,000-character claim (each counts for more than 40,000 bytes), not for two.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = await StartApi(options =>
        {
            options.TimeProvider = time;
            options.ValidationCacheSizeLimit = 64 * 1024;
            options.ValidationCacheMaxTokenSize = 64 * 1024;
        });
        var expiresSoon = Token(27_000, claims => claims["exp"] = time.GetUtcNow().ToUnixTimeSeconds() + 60);
        var noRoom = Token(27_000);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/orders", expiresSoon)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/orders", noRoom)).StatusCode);
        Assert.Equal(1, Cache(api).Count);

        time.Advance(TimeSpan.FromSeconds(61));
        var afterTheSweep = Token(27_000);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/orders", afterTheSweep)).StatusCode);
        await RetireSigningKeyAsync(api);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/orders", noRoom)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/orders", afterTheSweep)).StatusCode);
        Assert.InRange(Cache(api).Size, 1, 64 * 1024);
    }

    private static CognitoValidationCache Cache(ApiApp api) =>
        api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<CognitoJwtBearerOptions>>()
            .Get(CognitoJwtBearerDefaults.AuthenticationScheme).ValidationCache!;

    private Task<ApiApp> StartApi(Action<CognitoJwtBearerOptions>? configure = null) =>
        ApiApp.StartAsync(
            auth => auth.AddCognitoJwtBearer(options =>
            {
                options.Issuer = _cognito.Issuer;
                options.ClientIds = [AccessTokens.ApiClientId];

                // An unknown kid fetches the keys at once: RetireSigningKeyAsync takes effect with the next token.
                options.RefreshInterval = TimeSpan.Zero;
                configure?.Invoke(options);
            }),

            // No captured log lines: they would be retained memory of their own, thousands of them.
            services => services.AddLogging(logging => logging.ClearProviders()));

    // What a fresh app of `start` keeps after `count` valid tokens of about `tokenLength` characters (see MeasureAsync),
    // each app checked by `check`; measured once more when over the bound (RetainedMemory).
    private Task<long> RetainedGrowthAsync(Func<Task<ApiApp>> start, int count, int tokenLength, Action<ApiApp>? check = null) =>
        RetainedMemory.GrowthAsync(
            async () =>
            {
                await using var api = await start();
                var growth = await MeasureAsync(api, count, tokenLength);
                check?.Invoke(api);
                return growth;
            },
            Budget + Slack);

    // The process's retained memory after `count` valid tokens of about `tokenLength` characters, each made, sent once and
    // let go, less the memory retained before them. First the process is brought to its steady state for this work (the
    // thread pool, the shared array pool, the JIT) by another app without a cache, kept alive until the end so that
    // nothing of it is let go during the measurement; then the measured app and its connection get a few requests.
    private async Task<long> MeasureAsync(ApiApp api, int count, int tokenLength)
    {
        await using var warmUp = await StartApi(options => options.ValidationCacheSizeLimit = 0);
        for (var i = 0; i < 1_000; i++)
        {
            using var response = await warmUp.GetAsync("/orders", Token(tokenLength));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/orders", Token(tokenLength))).StatusCode);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            using var response = await api.GetAsync("/orders", Token(tokenLength));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(api);
        GC.KeepAlive(warmUp);
        return after - before;
    }

    // The pool's key is replaced (Cognito's rotation, then the old key retired): from now on a token signed with the old
    // key passes only if the cache remembers it.
    private async Task RetireSigningKeyAsync(ApiApp api)
    {
        _cognito.Jwks(FakeCognito.RotatedKey);
        using var rotated = await api.GetAsync("/orders", AccessTokens.Signed(_cognito.Issuer, key: FakeCognito.RotatedKey));
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
    }

    // A valid access token of about `length` characters: a custom claim of the size that takes it there, as a
    // pre-token-generation Lambda can add.
    private string Token(int length, Action<Dictionary<string, object>>? change = null)
    {
        var padding = new string('p', Math.Max(0, (length - _bareLength) * 3 / 4));
        var token = AccessTokens.Signed(_cognito.Issuer, claims =>
        {
            claims["custom:profile"] = padding;
            change?.Invoke(claims);
        });
        Assert.InRange(token.Length, length - 100, length + 100);
        return token;
    }
}
