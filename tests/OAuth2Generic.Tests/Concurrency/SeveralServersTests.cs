using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace OAuth2Generic.Tests.Concurrency;

/// <summary>
/// Two separate app servers behind one address, as behind a load balancer without sticky sessions: the challenge is
/// issued by one and the callback handled by the other. With a Data Protection key ring shared in a real Redis the
/// sign-in succeeds; with a key ring each, it fails cleanly.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SeveralServersTests
{
    [Fact]
    public async Task A_challenge_from_one_server_completes_on_the_other_with_a_key_ring_shared_in_Redis()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        await using var provider = await LoopbackProvider.StartAsync();
        var keyRing = "DataProtection-Keys-" + Guid.NewGuid().ToString("N");
        await using var serverA = await StartServer(provider, services => ShareKeyRing(services, connection, keyRing));
        await using var serverB = await StartServer(provider, services => ShareKeyRing(services, connection, keyRing));

        var browserOnA = serverA.NewSession();
        var authorizeUrl = await browserOnA.ChallengeAsync("idp");
        var browserOnB = browserOnA.On(serverB.Client);
        using var callback = await browserOnB.CallbackWithStateAsync(authorizeUrl, "code=user-7");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        ClaimAssert.Exactly([(ClaimTypes.NameIdentifier, "user-7"), (ClaimTypes.Name, "Name of user-7")], await browserOnB.ClaimsAsync());
        ClaimAssert.Exactly([(ClaimTypes.NameIdentifier, "user-7"), (ClaimTypes.Name, "Name of user-7")], await browserOnA.ClaimsAsync());
        Assert.NotEqual(0, await connection.GetDatabase().ListLengthAsync(keyRing));
    }

    [Fact]
    public async Task With_a_key_ring_each_the_other_server_refuses_the_callback_cleanly()
    {
        await using var provider = await LoopbackProvider.StartAsync();

        // Two machines: each keeps its keys on its own disk (one process here would otherwise share ~/.aspnet).
        var diskA = Directory.CreateTempSubdirectory("keys-a-");
        var diskB = Directory.CreateTempSubdirectory("keys-b-");
        try
        {
            await using var serverA = await StartServer(provider, services => services.AddDataProtection().SetApplicationName("several-servers").PersistKeysToFileSystem(diskA));
            await using var serverB = await StartServer(provider, services => services.AddDataProtection().SetApplicationName("several-servers").PersistKeysToFileSystem(diskB));

            var browserOnA = serverA.NewSession();
            var authorizeUrl = await browserOnA.ChallengeAsync("idp");
            var browserOnB = browserOnA.On(serverB.Client);
            using var callback = await browserOnB.CallbackWithStateAsync(authorizeUrl, "code=user-7");

            Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
            Assert.Equal(
                "Sign-in failed: the sign-in request was invalid or has expired. Please start again.",
                await callback.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.DoesNotContain(browserOnB.Cookies.Keys, name => name == ".AspNetCore.Cookies");
            Assert.Null(await browserOnB.ClaimsAsync());
            Assert.Equal(0, provider.TokenRequests);
        }
        finally
        {
            diskA.Delete(recursive: true);
            diskB.Delete(recursive: true);
        }
    }

    private static Task<KestrelApp> StartServer(LoopbackProvider provider, Action<IServiceCollection> configureServices) =>
        KestrelApp.StartAsync(auth => auth.AddOAuth2Generic("idp", provider.Configure), configureServices);

    private static void ShareKeyRing(IServiceCollection services, IConnectionMultiplexer connection, string key) =>
        services.AddDataProtection()
            .SetApplicationName("several-servers")
            .PersistKeysToStackExchangeRedis(connection, key);
}
