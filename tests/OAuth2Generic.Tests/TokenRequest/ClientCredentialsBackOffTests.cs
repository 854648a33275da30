using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OAuth2Generic.Tests.TokenRequest;

/// <summary>
/// A client-credentials token request that failed is remembered per client: the calls that follow fail fast with it
/// (transient) instead of each making another token request, for the delay the provider asked for (<c>Retry-After</c>,
/// bounded) or at least the client's own, and the first call after it asks again.
/// </summary>
public sealed class ClientCredentialsBackOffTests : IAsyncLifetime
{
    private const string TokenPath = "/oauth2/token";
    private readonly FakeProvider _provider = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private EchoApi _api = null!;

    public async ValueTask InitializeAsync() => _api = await EchoApi.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        _provider.Dispose();
    }

    [Fact]
    public async Task A_429_with_Retry_After_60_makes_fifty_calls_one_token_request_and_the_first_call_after_it_one_more()
    {
        Throttle(retryAfter: "60");
        using var services = Services();
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        var failures = new List<OAuth2GenericException>();
        for (var i = 0; i < 50; i++)
        {
            failures.Add(await Assert.ThrowsAsync<OAuth2GenericException>(() => client.GetAsync("/data", TestContext.Current.CancellationToken)));
        }

        Assert.Single(_provider.RequestsTo(TokenPath));
        Assert.All(failures, failure => Assert.True(failure.IsTransient));
        Assert.All(failures, failure => Assert.Equal(429, failure.StatusCode));
        Assert.Empty(_api.Received);

        _time.Advance(TimeSpan.FromSeconds(59));
        await Assert.ThrowsAsync<OAuth2GenericException>(() => client.GetAsync("/data", TestContext.Current.CancellationToken));
        Assert.Single(_provider.RequestsTo(TokenPath));

        _time.Advance(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAsync<OAuth2GenericException>(() => client.GetAsync("/data", TestContext.Current.CancellationToken));
        Assert.Equal(2, _provider.RequestsTo(TokenPath).Count);
    }

    [Fact]
    public async Task Without_Retry_After_calls_fail_fast_for_RetryDelay_with_a_transient_failure_that_says_why_and_until_when()
    {
        _provider.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(400)
            .WithHeader("Content-Type", "application/json").WithBody("""{"error":"invalid_client"}"""));
        using var services = Services(options => options.RetryDelay = TimeSpan.FromSeconds(20));
        var tokens = services.GetRequiredService<IClientCredentialsTokenService>();

        var first = await Assert.ThrowsAsync<OAuth2GenericException>(() => tokens.GetAccessTokenAsync("api", TestContext.Current.CancellationToken).AsTask());
        _time.Advance(TimeSpan.FromSeconds(19));
        var repeated = await Assert.ThrowsAsync<OAuth2GenericException>(() => tokens.GetAccessTokenAsync("api", TestContext.Current.CancellationToken).AsTask());

        Assert.Single(_provider.RequestsTo(TokenPath));
        Assert.False(first.IsTransient);
        Assert.True(repeated.IsTransient);
        Assert.Equal(("invalid_client", first.Reason, 400), (repeated.Error, repeated.Reason, repeated.StatusCode));
        Assert.Same(first, repeated.InnerException);
        Assert.Contains("is not made again before", repeated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeProvider.ClientSecret, repeated.Message, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<OAuth2GenericException>(() => tokens.GetAccessTokenAsync("api", TestContext.Current.CancellationToken).AsTask());
        Assert.Equal(2, _provider.RequestsTo(TokenPath).Count);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryAfter_waits_MaxRetryAfter()
    {
        Throttle(retryAfter: "86400");
        using var services = Services(options => options.MaxRetryAfter = TimeSpan.FromMinutes(2));
        var tokens = services.GetRequiredService<IClientCredentialsTokenService>();

        var failure = await Assert.ThrowsAsync<OAuth2GenericException>(() => tokens.GetAccessTokenAsync("api", TestContext.Current.CancellationToken).AsTask());
        _time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<OAuth2GenericException>(() => tokens.GetAccessTokenAsync("api", TestContext.Current.CancellationToken).AsTask());
        var before = _provider.RequestsTo(TokenPath).Count;
        _time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<OAuth2GenericException>(() => tokens.GetAccessTokenAsync("api", TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(TimeSpan.FromDays(1), failure.RetryAfter);
        Assert.Equal(1, before);
        Assert.Equal(2, _provider.RequestsTo(TokenPath).Count);
    }

    [Fact]
    public async Task A_Retry_After_date_is_read_against_the_answers_own_Date()
    {
        // The server writes its own Date: the Retry-After is 90 seconds after it, to the second.
        _provider.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(503)
            .WithCallback(_ => new WireMock.ResponseMessage
            {
                StatusCode = 503,
                Headers = new Dictionary<string, WireMock.Types.WireMockList<string>>
                {
                    ["Date"] = new(DateTimeOffset.UtcNow.ToString("R")),
                    ["Retry-After"] = new(DateTimeOffset.UtcNow.AddSeconds(90).ToString("R")),
                },
            }));
        using var services = Services();
        var tokens = services.GetRequiredService<IClientCredentialsTokenService>();

        var failure = await Assert.ThrowsAsync<OAuth2GenericException>(() => tokens.GetAccessTokenAsync("api", TestContext.Current.CancellationToken).AsTask());
        _time.Advance(TimeSpan.FromSeconds(85));
        await Assert.ThrowsAsync<OAuth2GenericException>(() => tokens.GetAccessTokenAsync("api", TestContext.Current.CancellationToken).AsTask());
        var within = _provider.RequestsTo(TokenPath).Count;
        _time.Advance(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<OAuth2GenericException>(() => tokens.GetAccessTokenAsync("api", TestContext.Current.CancellationToken).AsTask());

        Assert.InRange(failure.RetryAfter!.Value, TimeSpan.FromSeconds(89), TimeSpan.FromSeconds(91));
        Assert.Equal(1, within);
        Assert.Equal(2, _provider.RequestsTo(TokenPath).Count);
    }

    [Fact]
    public async Task An_API_that_refuses_the_token_during_the_back_off_gets_its_401_answered_as_it_is_without_a_token_request()
    {
        _provider.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).InScenario("refused").WillSetStateTo("throttled")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"access_token":"machine-token-1","expires_in":3600,"token_type":"Bearer"}"""));
        _provider.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).InScenario("refused").WhenStateIs("throttled")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "60"));
        _api.Refused["Bearer machine-token-1"] = true;
        using var services = Services();
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        var statuses = new List<System.Net.HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/data", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(System.Net.HttpStatusCode.Unauthorized, status));
        Assert.Equal(2, _provider.RequestsTo(TokenPath).Count);
    }

    private void Throttle(string retryAfter) =>
        _provider.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(429)
            .WithHeader("Retry-After", retryAfter).WithHeader("Content-Type", "application/json").WithBody("""{"error":"slow_down"}"""));

    private ServiceProvider Services(Action<ClientCredentialsOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(_time);
        services.AddHttpClient("api", client => client.BaseAddress = new Uri(_api.Url)).AddClientCredentialsToken(options =>
        {
            options.TokenEndpoint = _provider.Url + TokenPath;
            options.ClientId = FakeProvider.ClientId;
            options.ClientSecret = FakeProvider.ClientSecret;
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }
}
