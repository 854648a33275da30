using System.Net;
using BenchmarkDotNet.Attributes;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// The request that starts a sign-in, through an in-memory host: state protection, PKCE, the correlation cookie and
/// the authorize URL. OAuth2Generic against Microsoft's <c>AddOAuth</c>, both with PKCE.
/// </summary>
[MemoryDiagnoser]
public class ChallengeBenchmarks
{
    private SignInHost _oauth = null!;
    private SignInHost _generic = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _oauth = await SignInHost.StartAsync(builder => Schemes.AddOAuthRecipe(builder, new InMemoryProvider()));
        _generic = await SignInHost.StartAsync(builder => Schemes.AddGeneric(builder, new InMemoryProvider()));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _oauth.DisposeAsync();
        await _generic.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "AddOAuth")]
    public Task<HttpStatusCode> AddOAuth() => _oauth.ChallengeAsync();

    [Benchmark(Description = "AddOAuth2Generic")]
    public Task<HttpStatusCode> AddOAuth2Generic() => _generic.ChallengeAsync();
}
