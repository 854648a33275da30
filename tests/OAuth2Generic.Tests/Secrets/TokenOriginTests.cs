using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OAuth2Generic.Tests.UserTokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OAuth2Generic.Tests.Secrets;

/// <summary>
/// A token-attaching <c>HttpClient</c> (<c>AddUserAccessToken</c>, <c>AddClientCredentialsToken</c>) sends its token only
/// to the origin it was made for: a request through the same client to another origin (an absolute URL built from input,
/// a "next" link an API returned), or to the same host over http when the origin is https, goes out without it, and a
/// client that names no origin at all fails at its first call, naming the option.
/// </summary>
public sealed class TokenOriginTests : IAsyncLifetime
{
    private const string TokenPath = "/oauth2/token";
    private readonly FakeProvider _provider = new();
    private EchoApi _api = null!;
    private EchoApi _elsewhere = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await EchoApi.StartAsync();
        _elsewhere = await EchoApi.StartAsync();
        _provider.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json").WithBody("""{"access_token":"machine-token-1","expires_in":3600,"token_type":"Bearer"}"""));
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _elsewhere.DisposeAsync();
        _provider.Dispose();
    }

    [Fact]
    public async Task The_users_token_does_not_go_to_another_origin_through_the_same_client()
    {
        await using var scenario = await RefreshOnValidationTests.SignInAsync(apiUrl: _api.Url);

        using var own = await scenario.Browser.GetAsync("/call");
        using var other = await scenario.Browser.GetAsync("/call-url?url=" + Uri.EscapeDataString(_elsewhere.Url + "/data"));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.StartsWith("Bearer ", Assert.Single(_api.Received), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal([""], _elsewhere.Received);
    }

    [Fact]
    public async Task The_users_token_does_not_go_over_http_to_the_host_of_an_https_origin()
    {
        var https = new UriBuilder(_elsewhere.Url) { Scheme = "https" }.Uri.ToString();
        await using var scenario = await RefreshOnValidationTests.SignInAsync(apiUrl: https);

        using var downgraded = await scenario.Browser.GetAsync("/call-url?url=" + Uri.EscapeDataString(_elsewhere.Url + "/data"));

        Assert.Equal(HttpStatusCode.OK, downgraded.StatusCode);
        Assert.Equal([""], _elsewhere.Received);
    }

    [Fact]
    public async Task A_user_token_client_with_no_base_address_and_no_allowed_origins_fails_at_its_first_call_naming_the_option()
    {
        await using var scenario = await RefreshOnValidationTests.SignInAsync(apiUrl: null);

        using var call = await scenario.Browser.GetAsync("/call-url?url=" + Uri.EscapeDataString(_api.Url + "/data"));

        Assert.Equal(HttpStatusCode.Conflict, call.StatusCode);
        Assert.Contains("AllowedOrigins", await call.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(_api.Received);
    }

    [Fact]
    public async Task The_machine_token_does_not_go_to_another_origin_through_the_same_client()
    {
        using var services = ClientCredentialsServices(_api.Url);
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        var own = await client.GetStringAsync("/data", TestContext.Current.CancellationToken);
        var other = await client.GetStringAsync(_elsewhere.Url + "/data", TestContext.Current.CancellationToken);

        Assert.Equal("Bearer machine-token-1", own);
        Assert.Equal(string.Empty, other);
        Assert.Equal([""], _elsewhere.Received);
    }

    [Fact]
    public async Task The_machine_token_does_not_go_over_http_to_the_host_of_an_https_origin()
    {
        using var services = ClientCredentialsServices(new UriBuilder(_elsewhere.Url) { Scheme = "https" }.Uri.ToString());
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        var downgraded = await client.GetStringAsync(_elsewhere.Url + "/data", TestContext.Current.CancellationToken);

        Assert.Equal(string.Empty, downgraded);
        Assert.Equal([""], _elsewhere.Received);
    }

    [Fact]
    public async Task A_machine_token_client_with_no_base_address_and_no_allowed_origins_fails_at_its_first_call_naming_the_option()
    {
        using var services = ClientCredentialsServices(baseAddress: null);
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetStringAsync(_api.Url + "/data", TestContext.Current.CancellationToken));

        Assert.Contains("AllowedOrigins", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'api'", exception.Message, StringComparison.Ordinal);
        Assert.Empty(_api.Received);
        Assert.Empty(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task An_origin_in_AllowedOrigins_gets_the_users_token_besides_the_base_address()
    {
        await using var scenario = await RefreshOnValidationTests.SignInAsync(apiUrl: _api.Url, tokenOptions: options => options.AllowedOrigins = [_elsewhere.Url]);

        using var other = await scenario.Browser.GetAsync("/call-url?url=" + Uri.EscapeDataString(_elsewhere.Url + "/data"));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.StartsWith("Bearer ", Assert.Single(_elsewhere.Received), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_with_only_AllowedOrigins_sends_its_token_there_and_nowhere_else()
    {
        using var services = ClientCredentialsServices(baseAddress: null, handler: options => options.AllowedOrigins = [_elsewhere.Url + "/"]);
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        var allowed = await client.GetStringAsync(_elsewhere.Url + "/data", TestContext.Current.CancellationToken);
        var other = await client.GetStringAsync(_api.Url + "/data", TestContext.Current.CancellationToken);

        Assert.Equal("Bearer machine-token-1", allowed);
        Assert.Equal(string.Empty, other);
    }

    [Fact]
    public async Task With_OtherOrigins_Throw_a_request_to_another_origin_is_not_sent_and_the_exception_names_the_origin()
    {
        using var services = ClientCredentialsServices(_api.Url, handler: options => options.OtherOrigins = OtherOriginBehavior.Throw);
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetStringAsync(_elsewhere.Url + "/data?secret=no", TestContext.Current.CancellationToken));

        Assert.Contains(new Uri(_elsewhere.Url).Authority, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", exception.Message, StringComparison.Ordinal);
        Assert.Empty(_elsewhere.Received);
    }

    [Fact]
    public async Task A_typed_clients_base_address_set_in_configuration_is_its_origin()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddClientCredentialsClient("machine", ConfigureClient);
        services.AddHttpClient<TypedOrders>(client => client.BaseAddress = new Uri(_api.Url)).AddClientCredentialsToken("machine");
        using var provider = services.BuildServiceProvider();

        var answer = await provider.GetRequiredService<TypedOrders>().Client.GetStringAsync("/data", TestContext.Current.CancellationToken);

        Assert.Equal("Bearer machine-token-1", answer);
    }

    public static TheoryData<string> NotOrigins => ["api.example.com", "https://api.example.com/v1", "https://api.example.com/?a=b", "https://user@api.example.com", "ftp://api.example.com"];

    [Theory]
    [MemberData(nameof(NotOrigins))]
    public async Task An_allowed_origin_that_is_not_an_origin_stops_the_app_at_start_up_naming_the_option(string origin)
    {
        await using var app = TestApp.Build(
            auth => auth.Services.AddHttpClient("api").AddClientCredentialsToken(ConfigureClient, options => options.AllowedOrigins = [origin]),
            configuration: null, configureBuilder: null, out _, out _);

        var exception = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"The token handler of HttpClient 'api': AllowedOrigins holds '{origin}', which is not an origin", exception.Message, StringComparison.Ordinal);
    }

    private ServiceProvider ClientCredentialsServices(string? baseAddress, Action<TokenHandlerOptions>? handler = null)
    {
        var services = new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        services.AddHttpClient("api", client => client.BaseAddress = baseAddress is null ? null : new Uri(baseAddress)).AddClientCredentialsToken(ConfigureClient, handler);
        return services.BuildServiceProvider();
    }

    private void ConfigureClient(ClientCredentialsOptions options)
    {
        options.TokenEndpoint = _provider.Url + TokenPath;
        options.ClientId = FakeProvider.ClientId;
        options.ClientSecret = FakeProvider.ClientSecret;
    }

    /// <summary>A typed client, as an application writes one.</summary>
    public sealed class TypedOrders(HttpClient client)
    {
        public HttpClient Client { get; } = client;
    }
}
