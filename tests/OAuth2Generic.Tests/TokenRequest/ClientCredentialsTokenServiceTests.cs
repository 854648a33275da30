using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OAuth2Generic.Cognito;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OAuth2Generic.Tests.TokenRequest;

/// <summary>
/// A client-credentials client registered by name (<c>AddClientCredentialsClient</c>), for code that sends its token
/// without an <c>HttpClient</c> (a gRPC call, an SDK client) through <see cref="IClientCredentialsTokenService"/>, and for
/// <c>HttpClient</c>s that name it: one cache, one token request for all of them.
/// </summary>
public sealed class ClientCredentialsTokenServiceTests : IAsyncLifetime
{
    private const string TokenPath = "/oauth2/token";
    private readonly FakeProvider _provider = new();
    private EchoApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await EchoApi.StartAsync();
        _provider.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).InScenario("tokens").WillSetStateTo("second")
            .RespondWith(Answer("machine-token-1"));
        _provider.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).InScenario("tokens").WhenStateIs("second")
            .RespondWith(Answer("machine-token-2"));
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        _provider.Dispose();
    }

    [Fact]
    public async Task The_service_and_an_HttpClient_that_name_one_client_share_its_token_and_its_one_token_request()
    {
        var services = new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        services.AddClientCredentialsClient("orders", Configure);
        services.AddHttpClient("orders-api", client => client.BaseAddress = new Uri(_api.Url)).AddClientCredentialsToken("orders");
        using var provider = services.BuildServiceProvider();

        var token = await provider.GetRequiredService<IClientCredentialsTokenService>().GetAccessTokenAsync("orders", TestContext.Current.CancellationToken);
        var sent = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("orders-api").GetStringAsync("/data", TestContext.Current.CancellationToken);

        Assert.Equal("machine-token-1", token);
        Assert.Equal("Bearer machine-token-1", sent);
        Assert.Single(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_for_the_service_as_for_an_HttpClient()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddClientCredentialsClient("orders", Configure);
        using var provider = services.BuildServiceProvider();
        var tokens = provider.GetRequiredService<IClientCredentialsTokenService>();

        var first = await tokens.GetAccessTokenAsync("orders", TestContext.Current.CancellationToken);
        var renewed = await tokens.RenewAccessTokenAsync("orders", first, TestContext.Current.CancellationToken);
        var again = await tokens.RenewAccessTokenAsync("orders", renewed!, TestContext.Current.CancellationToken);

        Assert.Equal("machine-token-2", renewed);
        Assert.Null(again);
        Assert.Equal("machine-token-2", await tokens.GetAccessTokenAsync("orders", TestContext.Current.CancellationToken));
        Assert.Equal(2, _provider.RequestsTo(TokenPath).Count);
    }

    [Fact]
    public async Task A_cognito_client_registered_by_name_gets_its_token_from_the_domains_token_endpoint()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCognitoClientCredentialsClient("orders", options =>
        {
            options.Domain = _provider.Url;
            options.ClientId = FakeProvider.ClientId;
            options.ClientSecret = FakeProvider.ClientSecret;
            options.Scope = ["orders/read"];
        });
        using var provider = services.BuildServiceProvider();

        var token = await provider.GetRequiredService<IClientCredentialsTokenService>().GetAccessTokenAsync("orders", TestContext.Current.CancellationToken);

        Assert.Equal("machine-token-1", token);
        Assert.Equal("grant_type=client_credentials&scope=orders%2Fread", new ReceivedRequest(Assert.Single(_provider.RequestsTo(TokenPath)).RequestMessage!).Body);
    }

    [Fact]
    public async Task An_unknown_client_name_fails_with_a_message_that_says_how_to_register_it()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddClientCredentialsClient("orders", Configure);
        using var provider = services.BuildServiceProvider();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => provider.GetRequiredService<IClientCredentialsTokenService>().GetAccessTokenAsync("invoices", TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("No client-credentials client is registered as 'invoices'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("AddClientCredentialsClient(\"invoices\"", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_name_for_a_generic_and_a_Cognito_client_is_refused_at_registration()
    {
        var services = new ServiceCollection();
        services.AddClientCredentialsClient("orders", Configure);

        var exception = Assert.Throws<InvalidOperationException>(() => services.AddCognitoClientCredentialsClient("orders", options => options.Domain = _provider.Url));

        Assert.Contains("A client-credentials client named 'orders' is registered already", exception.Message, StringComparison.Ordinal);
    }

    private static IResponseBuilder Answer(string token) => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
        .WithBody($$"""{"access_token":"{{token}}","expires_in":3600,"token_type":"Bearer"}""");

    private void Configure(ClientCredentialsOptions options)
    {
        options.TokenEndpoint = _provider.Url + TokenPath;
        options.ClientId = FakeProvider.ClientId;
        options.ClientSecret = FakeProvider.ClientSecret;
    }
}
