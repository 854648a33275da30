using OAuth2Generic.Testing;

namespace OAuth2Generic.Benchmarks;

/// <summary>The emulator and the HTTP client of one <see cref="EmulatorBenchmarks"/> run, stopped together.</summary>
internal sealed class EmulatorLoopback(CognitoEmulator emulator, HttpClient http) : IAsyncDisposable
{
    /// <summary>An emulator with alice, the callback URL registered, and a client that follows no redirects and keeps no cookies.</summary>
    public static async Task<EmulatorLoopback> StartAsync(string redirectUri)
    {
        var emulator = await CognitoEmulator.StartAsync(options => options.AddUser("alice@example.com", "Passw0rd!alice", "alice@example.com"));
        emulator.RegisterCallbackUrl(redirectUri);
        return new EmulatorLoopback(emulator, new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(emulator.Url) });
    }

    public CognitoEmulator Emulator { get; } = emulator;

    public HttpClient Http { get; } = http;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
