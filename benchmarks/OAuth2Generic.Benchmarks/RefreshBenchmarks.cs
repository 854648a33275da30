using System.Net;
using BenchmarkDotNet.Attributes;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// What keeping the saved tokens fresh costs a signed-in request whose access token is not near its expiry: one
/// request to <c>/me</c> with the authentication cookie of an <c>AddOAuth2Generic</c> sign-in with <c>SaveTokens</c>
/// (the in-memory provider's token answer: <c>expires_in</c> 3600 and a refresh token), <c>RefreshSavedTokens</c> on
/// against off (the baseline). On, the cookie's validation reads the saved <c>expires_at</c> and finds it not due; no
/// refresh is made and the cookie is not renewed (the setup checks both).
/// </summary>
[MemoryDiagnoser]
public class RefreshBenchmarks
{
    private SignInHost _off = null!;
    private SignInHost _on = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        (_off, _on) = await StartAsync();
    }

    /// <summary>The two hosts, each with a kept session: <c>RefreshSavedTokens</c> off, and on.</summary>
    internal static async Task<(SignInHost Off, SignInHost On)> StartAsync()
    {
        var off = await StartAsync(refresh: false);
        var on = await StartAsync(refresh: true);
        return (off, on);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _off.DisposeAsync();
        await _on.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "SaveTokens, RefreshSavedTokens = false")]
    public Task<HttpStatusCode> RefreshOff() => _off.MeAsync();

    [Benchmark(Description = "SaveTokens, RefreshSavedTokens = true, token not due")]
    public Task<HttpStatusCode> RefreshOnNotDue() => _on.MeAsync();

    private static async Task<SignInHost> StartAsync(bool refresh)
    {
        var host = await SignInHost.StartAsync(builder => Schemes.AddGeneric(builder, new InMemoryProvider(), configure: options =>
        {
            options.SaveTokens = true;
            options.RefreshSavedTokens = refresh;
        }));
        await host.KeepSessionAsync();
        return host;
    }
}
