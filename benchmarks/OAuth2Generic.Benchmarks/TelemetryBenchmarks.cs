using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// What the package's traces and metrics cost: the whole generic sign-in and the Cognito id_token callback of the other
/// suites, with nobody listening (the baseline) and with the OpenTelemetry SDK recording every span and measurement.
/// BenchmarkDotNet runs each case in a process of its own, so the listener of one never touches the other. The cost
/// with nobody listening against the code before telemetry is in <c>docs/performance.md</c>, from the paired run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TelemetryBenchmarks
{
    private const string SignIn = "Whole sign-in, AddOAuth2Generic";
    private const string Callback = "Callback, AddCognito (IdToken)";

    private SignInHost _signIn = null!;
    private SignInHost _callback = null!;
    private TelemetrySdk? _sdk;

    [GlobalSetup(Targets = [nameof(SignInNobodyListening), nameof(CallbackNobodyListening)])]
    public Task SetupNobodyListening() => StartAsync(listen: false);

    [GlobalSetup(Targets = [nameof(SignInRecorded), nameof(CallbackRecorded)])]
    public Task SetupRecorded() => StartAsync(listen: true);

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _sdk?.Dispose();
        await _signIn.DisposeAsync();
        await _callback.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "nobody listening")]
    [BenchmarkCategory(SignIn)]
    public Task<HttpStatusCode> SignInNobodyListening() => _signIn.SignInAsync();

    [Benchmark(Description = "OpenTelemetry SDK recording")]
    [BenchmarkCategory(SignIn)]
    public Task<HttpStatusCode> SignInRecorded() => _signIn.SignInAsync();

    [Benchmark(Baseline = true, Description = "nobody listening")]
    [BenchmarkCategory(Callback)]
    public Task<HttpStatusCode> CallbackNobodyListening() => _callback.CallbackAsync();

    [Benchmark(Description = "OpenTelemetry SDK recording")]
    [BenchmarkCategory(Callback)]
    public Task<HttpStatusCode> CallbackRecorded() => _callback.CallbackAsync();

    private async Task StartAsync(bool listen)
    {
        _sdk = listen ? new TelemetrySdk() : null;
        _signIn = await SignInHost.StartAsync(builder => Schemes.AddGeneric(builder, new InMemoryProvider()));
        _callback = await CallbackBenchmarks.PrepareCognitoIdTokenAsync();
        if (await _signIn.SignInAsync() != HttpStatusCode.OK)
        {
            throw new InvalidOperationException("A sign-in of the benchmark did not sign the user in.");
        }
    }
}
