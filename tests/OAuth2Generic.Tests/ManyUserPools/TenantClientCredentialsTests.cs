using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests;

/// <summary>
/// Client-credentials tokens per tenant through <see cref="IClientCredentialsTokenService"/>, with clients known only
/// while the application runs (<c>AddCognitoClientCredentialsClients</c>), against two pools of one emulator: each
/// tenant's token comes from its own pool, is requested once and cached under its own key.
/// </summary>
public sealed class TenantClientCredentialsTests : IAsyncLifetime
{
    private readonly Dictionary<string, CognitoEmulatorUserPool> _tenants = new(StringComparer.Ordinal);
    private PoolSet _pools = null!;
    private ServiceProvider _services = null!;
    private int _lookups;

    public async ValueTask InitializeAsync()
    {
        _pools = await PoolSet.StartAsync(2);
        _tenants["a"] = _pools.Pools[0];
        _tenants["b"] = _pools.Pools[1];
        _services = new ServiceCollection()
            .AddLogging()
            .AddCognitoClientCredentialsClients((tenant, _) =>
            {
                Interlocked.Increment(ref _lookups);
                return ValueTask.FromResult(tenant switch
                {
                    "broken" => new CognitoClientCredentialsOptions { ClientId = PoolSet.ClientId },
                    _ when _tenants.TryGetValue(tenant, out var pool) => new CognitoClientCredentialsOptions
                    {
                        TokenEndpoint = pool.TokenEndpoint,
                        ClientId = PoolSet.ClientId,
                        ClientSecret = PoolSet.ClientSecret,
                        Scope = ["orders/read"],
                    },
                    _ => null,
                });
            })
            .BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _pools.DisposeAsync();
    }

    [Fact]
    public async Task Each_tenants_token_comes_from_its_own_pool_once_and_is_cached_under_its_own_key()
    {
        var tokens = _services.GetRequiredService<IClientCredentialsTokenService>();

        var a1 = await tokens.GetAccessTokenAsync("a", TestContext.Current.CancellationToken);
        var b1 = await tokens.GetAccessTokenAsync("b", TestContext.Current.CancellationToken);
        var a2 = await tokens.GetAccessTokenAsync("a", TestContext.Current.CancellationToken);
        var b2 = await tokens.GetAccessTokenAsync("b", TestContext.Current.CancellationToken);

        Assert.Equal(a1, a2);
        Assert.Equal(b1, b2);
        Assert.NotEqual(a1, b1);
        Assert.Equal(_pools.Pools[0].Issuer, Issuer(a1));
        Assert.Equal(_pools.Pools[1].Issuer, Issuer(b1));
        Assert.Equal(1, _pools.Pools[0].TokenRequests);
        Assert.Equal(1, _pools.Pools[1].TokenRequests);
        Assert.Equal(2, _lookups);
    }

    [Fact]
    public async Task A_name_no_source_knows_is_refused_clearly()
    {
        var tokens = _services.GetRequiredService<IClientCredentialsTokenService>();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () => await tokens.GetAccessTokenAsync("nobody", TestContext.Current.CancellationToken));

        Assert.Contains("'nobody'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenants_client_with_wrong_settings_is_refused_naming_the_option()
    {
        var tokens = _services.GetRequiredService<IClientCredentialsTokenService>();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () => await tokens.GetAccessTokenAsync("broken", TestContext.Current.CancellationToken));

        Assert.Contains("Domain", failure.Message, StringComparison.Ordinal);
    }

    private static string Issuer(string token) => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Issuer;
}
