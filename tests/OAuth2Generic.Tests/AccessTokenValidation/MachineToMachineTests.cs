using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests;

/// <summary>
/// End to end through the Cognito emulator: a service with <c>AddCognitoClientCredentialsToken</c> calls an API
/// protected by <c>AddCognitoJwtBearer</c>, with the emulator's machine-to-machine tokens, and survives a rotation of
/// the user pool's signing key without a failed request.
/// </summary>
[Trait("Category", "Slow")]
public sealed class MachineToMachineTests : IAsyncLifetime
{
    private const string ServiceClient = "orders-service-client";
    private const string ServiceSecret = "orders-service-secret";
    private const string OtherClient = "reporting-service-client";

    private readonly FakeTimeProvider _apiClock = new(DateTimeOffset.UtcNow);
    private readonly FakeTimeProvider _serviceClock = new(DateTimeOffset.UtcNow);
    private CognitoEmulator _cognito = null!;
    private ApiApp _api = null!;

    public async ValueTask InitializeAsync()
    {
        _cognito = await CognitoEmulator.StartAsync(options =>
        {
            options.AddResourceServer("orders", "read", "write");
            options.Clients.Add(new CognitoEmulatorClient
            {
                ClientId = ServiceClient,
                ClientSecret = ServiceSecret,
                AllowedOAuthFlows = ["client_credentials"],
                AllowedScopes = ["orders/read", "orders/write"],
            });
            options.Clients.Add(new CognitoEmulatorClient
            {
                ClientId = OtherClient,
                ClientSecret = ServiceSecret,
                AllowedOAuthFlows = ["client_credentials"],
                AllowedScopes = ["orders/read"],
            });
        }, TestContext.Current.CancellationToken);
        _api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            options.Issuer = _cognito.Issuer;
            options.ClientIds = [ServiceClient];
            options.TimeProvider = _apiClock;
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _cognito.DisposeAsync();
    }

    [Fact]
    public async Task A_service_calls_the_API_with_its_client_credentials_token()
    {
        using var service = Service(ServiceClient, ["orders/read"]);

        using var response = await service.Client.GetAsync("/orders", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _cognito.TokenRequests);
    }

    [Fact]
    public async Task The_machine_token_carries_its_scopes_and_no_user()
    {
        using var service = Service(ServiceClient, ["orders/read", "orders/write"]);

        var claims = await service.Client.GetStringAsync("/me", TestContext.Current.CancellationToken);

        Assert.Contains("\"type\":\"scope\",\"value\":\"orders/write\"", claims, StringComparison.Ordinal);
        Assert.Contains($"\"type\":\"client_id\",\"value\":\"{ServiceClient}\"", claims, StringComparison.Ordinal);
        Assert.DoesNotContain("username", claims, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_the_scope_the_endpoint_requires_is_forbidden()
    {
        using var service = Service(ServiceClient, ["orders/write"]);

        using var response = await service.Client.GetAsync("/orders", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Another_app_client_of_the_same_pool_is_refused()
    {
        using var service = Service(OtherClient, ["orders/read"]);

        using var response = await service.Client.GetAsync("/orders", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", Assert.Single(response.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotation_of_the_signing_key_is_survived_without_a_failed_request()
    {
        using var service = Service(ServiceClient, ["orders/read"]);
        var statuses = new List<HttpStatusCode>();
        async Task Call()
        {
            using var response = await service.Client.GetAsync("/orders", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        await Call();
        _cognito.RotateSigningKey();
        await Call();

        // The service's token is due for renewal: the new one is signed with the new key, which the API has not seen.
        _serviceClock.Advance(TimeSpan.FromMinutes(59.5));
        _apiClock.Advance(TimeSpan.FromSeconds(31));
        await Call();
        await Call();

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(2, _cognito.TokenRequests);
        Assert.Equal(2, _cognito.JwksRequests);
    }

    private Caller Service(string clientId, string[] scopes)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(_serviceClock);
        services.AddHttpClient("orders", client => client.BaseAddress = _api.Client.BaseAddress).AddCognitoClientCredentialsToken(options =>
        {
            options.Domain = _cognito.Url;
            options.ClientId = clientId;
            options.ClientSecret = ServiceSecret;
            options.Scope = scopes;
        });
        var provider = services.BuildServiceProvider();
        return new Caller(provider, provider.GetRequiredService<IHttpClientFactory>().CreateClient("orders"));
    }

    private sealed record Caller(ServiceProvider Services, HttpClient Client) : IDisposable
    {
        public void Dispose()
        {
            Client.Dispose();
            Services.Dispose();
        }
    }
}
