using System.Net;
using BenchmarkDotNet.Attributes;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// One whole sign-in through an in-memory host, the provider's answers served in memory: the challenge, the callback
/// with the token and user-info requests, and one request with the authentication cookie. OAuth2Generic against
/// Microsoft's <c>AddOAuth</c> with the documented user-info recipe doing the same work.
/// </summary>
[MemoryDiagnoser]
public class SignInBenchmarks
{
    private SignInHost _oauth = null!;
    private SignInHost _generic = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _oauth = await SignInHost.StartAsync(builder => Schemes.AddOAuthRecipe(builder, new InMemoryProvider()));
        _generic = await SignInHost.StartAsync(builder => Schemes.AddGeneric(builder, new InMemoryProvider()));
        foreach (var host in new[] { _oauth, _generic })
        {
            if (await host.SignInAsync() != HttpStatusCode.OK)
            {
                throw new InvalidOperationException("A sign-in of the benchmark did not sign the user in.");
            }
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _oauth.DisposeAsync();
        await _generic.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "AddOAuth + OnCreatingTicket")]
    public Task<HttpStatusCode> AddOAuth() => _oauth.SignInAsync();

    [Benchmark(Description = "AddOAuth2Generic")]
    public Task<HttpStatusCode> AddOAuth2Generic() => _generic.SignInAsync();
}
