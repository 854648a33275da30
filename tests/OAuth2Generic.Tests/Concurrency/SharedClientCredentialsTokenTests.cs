using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OAuth2Generic.Tests.Concurrency;

/// <summary>
/// Two app servers sharing a real Redis as their <c>IDistributedCache</c> share one client-credentials token: the second
/// server uses the token the first requested, which Redis holds only protected by the shared Data Protection key ring.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SharedClientCredentialsTokenTests
{
    private const string TokenPath = "/oauth2/token";
    private const string Token = "machine-token-shared-7f3a";

    [Fact]
    public async Task The_second_server_uses_the_token_the_first_requested_and_Redis_never_holds_it_in_the_clear()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        using var provider = new FakeProvider();
        provider.Token(TokenPath, body: $$"""{"access_token":"{{Token}}","expires_in":3600,"token_type":"Bearer"}""");
        await using var api = await EchoApi.StartAsync();
        var keyRing = "DataProtection-Keys-" + Guid.NewGuid().ToString("N");
        await using var serverA = await CallerApp.StartAsync(provider, api, redis, services => ShareKeyRing(services, connection, keyRing));
        await using var serverB = await CallerApp.StartAsync(provider, api, redis, services => ShareKeyRing(services, connection, keyRing));

        var fromA = await serverA.Client.GetStringAsync("/call", TestContext.Current.CancellationToken);
        var fromB = await serverB.Client.GetStringAsync("/call", TestContext.Current.CancellationToken);

        Assert.Equal($"Bearer {Token}", fromA);
        Assert.Equal($"Bearer {Token}", fromB);
        Assert.Single(provider.RequestsTo(TokenPath));
        var server = connection.GetServer(redis.Configuration);
        var stored = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "*OAuth2Generic:ClientCredentials:*"))
        {
            stored.Add(Encoding.Latin1.GetString((byte[])(await connection.GetDatabase().HashGetAsync(key, "data"))!));
        }

        Assert.Single(stored);
        Assert.DoesNotContain(Token, stored[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_with_another_key_ring_requests_a_token_of_its_own()
    {
        await using var redis = await RedisServer.StartAsync();
        using var provider = new FakeProvider();
        provider.Token(TokenPath, body: $$"""{"access_token":"{{Token}}","expires_in":3600,"token_type":"Bearer"}""");
        await using var api = await EchoApi.StartAsync();
        await using var serverA = await CallerApp.StartAsync(provider, api, redis, services => services.AddDataProtection().UseEphemeralDataProtectionProvider());
        await using var serverB = await CallerApp.StartAsync(provider, api, redis, services => services.AddDataProtection().UseEphemeralDataProtectionProvider());

        var fromA = await serverA.Client.GetStringAsync("/call", TestContext.Current.CancellationToken);
        var fromB = await serverB.Client.GetStringAsync("/call", TestContext.Current.CancellationToken);

        Assert.Equal(fromA, fromB);
        Assert.Equal(2, provider.RequestsTo(TokenPath).Count);
    }

    private static void ShareKeyRing(IServiceCollection services, IConnectionMultiplexer connection, string key) =>
        services.AddDataProtection().SetApplicationName("several-servers").PersistKeysToStackExchangeRedis(connection, key);

    /// <summary>An app server whose <c>/call</c> calls the API through a client with a client-credentials token.</summary>
    private sealed class CallerApp : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private CallerApp(WebApplication app)
        {
            _app = app;
            Client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };
        }

        public HttpClient Client { get; }

        public static async Task<CallerApp> StartAsync(FakeProvider provider, EchoApi api, RedisServer redis, Action<IServiceCollection> keyRing)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            keyRing(builder.Services);
            builder.Services.AddStackExchangeRedisCache(options => options.Configuration = redis.Configuration);
            builder.Services.AddHttpClient("orders", client => client.BaseAddress = new Uri(api.Url)).AddClientCredentialsToken(options =>
            {
                options.TokenEndpoint = provider.Url + TokenPath;
                options.ClientId = FakeProvider.ClientId;
                options.ClientSecret = FakeProvider.ClientSecret;
                options.Scope = ["orders/read"];
            });
            var app = builder.Build();
            app.MapGet("/call", (IHttpClientFactory clients) => clients.CreateClient("orders").GetStringAsync("/data"));
            await app.StartAsync(TestContext.Current.CancellationToken);
            return new CallerApp(app);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.DisposeAsync();
        }
    }
}
