using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests;

/// <summary>
/// One Cognito emulator serving many user pools at once, each with its own issuer, JWKS and machine client
/// (<see cref="ClientId"/>, allowed <c>orders/read</c>): the first pool at the emulator's root, the others added while it
/// runs, on its port. The pools sign with one RSA key between them, under a kid each, so that a thousand pools start in
/// seconds rather than minutes of key generation.
/// </summary>
internal sealed class PoolSet : IAsyncDisposable
{
    public const string ClientId = "orders-service";
    public const string ClientSecret = "orders-service-secret";

    private readonly RSA _key = RSA.Create(2048);
    private readonly HttpClient _http = new();

    private PoolSet(CognitoEmulator emulator) => Emulator = emulator;

    public CognitoEmulator Emulator { get; }

    public IReadOnlyList<CognitoEmulatorUserPool> Pools => Emulator.UserPools;

    public static async Task<PoolSet> StartAsync(int count)
    {
        var set = new PoolSet(await CognitoEmulator.StartAsync(options => Configure(options, 0, key: null), TestContext.Current.CancellationToken));
        for (var index = 1; index < count; index++)
        {
            var options = new CognitoEmulatorOptions { SharePort = true };
            Configure(options, index, set._key);
            await set.Emulator.AddUserPoolAsync(options, TestContext.Current.CancellationToken);
        }

        return set;
    }

    /// <summary>A machine access token of the pool, from its token endpoint.</summary>
    public async Task<string> TokenAsync(CognitoEmulatorUserPool pool)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, pool.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "orders/read" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Emulator.DisposeAsync();
        _key.Dispose();
    }

    private static void Configure(CognitoEmulatorOptions options, int index, RSA? key)
    {
        options.UserPoolId = $"us-east-1_Pool{index:D4}";
        options.SigningKey = key;
        options.AddResourceServer("orders", "read");
        options.Clients.Add(new CognitoEmulatorClient
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            AllowedOAuthFlows = ["client_credentials"],
            AllowedScopes = ["orders/read"],
        });
    }
}
