using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OAuth2Generic.Tests.TokenRequest;

/// <summary>
/// <c>AddClientCredentialsToken</c> on an <c>HttpClient</c>: a client-credentials token from a provider (WireMock),
/// attached as Bearer to the calls of a real API, cached until shortly before it expires, requested once at a cold
/// start, renewed once on a 401, and filed under a key that covers the endpoint, client, scopes and parameters.
/// </summary>
public sealed class ClientCredentialsTests : IAsyncLifetime
{
    private const string TokenPath = "/oauth2/token";
    private readonly FakeProvider _provider = new();
    private EchoApi _api = null!;

    public async ValueTask InitializeAsync() => _api = await EchoApi.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        _provider.Dispose();
    }

    [Fact]
    public async Task A_call_carries_the_token_the_client_got_with_its_credentials_and_scopes()
    {
        AnswerTokens("machine-token-1");
        using var services = Services(options => options.Scope = ["orders/read", "orders/write"]);

        var answer = await Client(services).GetStringAsync("/data", TestContext.Current.CancellationToken);

        Assert.Equal("Bearer machine-token-1", answer);
        var request = _provider.SingleRequestTo(TokenPath);
        Assert.Equal("grant_type=client_credentials&scope=orders%2Fread+orders%2Fwrite&resource=https%3A%2F%2Fapi.example.com", request.Body);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes($"{FakeProvider.ClientId}:{FakeProvider.ClientSecret}")), request.Header("Authorization"));
    }

    [Fact]
    public async Task Ten_thousand_calls_within_the_token_lifetime_make_one_token_request()
    {
        AnswerTokens("machine-token-1");
        using var services = Services();
        var client = Client(services);

        for (var i = 0; i < 10_000; i++)
        {
            using var response = await client.GetAsync("/data", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(_provider.RequestsTo(TokenPath));
        Assert.Equal(10_000, _api.Received.Count(header => header == "Bearer machine-token-1"));
    }

    [Fact]
    public async Task A_hundred_concurrent_calls_at_a_cold_start_make_one_token_request()
    {
        AnswerTokens("machine-token-1", delay: TimeSpan.FromMilliseconds(300));
        using var services = Services();
        var client = Client(services);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.GetStringAsync("/data", TestContext.Current.CancellationToken)));

        Assert.All(answers, answer => Assert.Equal("Bearer machine-token-1", answer));
        Assert.Single(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task A_token_is_renewed_shortly_before_it_expires()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        AnswerTokens("machine-token-1", "machine-token-2");
        using var services = Services(configureServices: s => s.AddSingleton<TimeProvider>(time));
        var client = Client(services);

        var first = await client.GetStringAsync("/data", TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(3600 - 61));
        var beforeRenewal = await client.GetStringAsync("/data", TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(2));
        var afterRenewal = await client.GetStringAsync("/data", TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer machine-token-1", "Bearer machine-token-1", "Bearer machine-token-2"], [first, beforeRenewal, afterRenewal]);
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_sends_the_request_once_more()
    {
        AnswerTokens("machine-token-1", "machine-token-2");
        _api.Refused["Bearer machine-token-1"] = true;
        using var services = Services();
        var client = Client(services);

        using var response = await client.PostAsync("/data", new StringContent("{\"order\":1}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bearer machine-token-1", "Bearer machine-token-2"], _api.Received);
        Assert.Equal(2, _provider.RequestsTo(TokenPath).Count);
    }

    [Fact]
    public async Task A_second_401_is_the_answer_no_loop()
    {
        AnswerTokens("machine-token-1", "machine-token-2");
        _api.Refused["Bearer machine-token-1"] = true;
        _api.Refused["Bearer machine-token-2"] = true;
        using var services = Services();

        using var response = await Client(services).GetAsync("/data", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, _api.Received.Count);
        Assert.Equal(2, _provider.RequestsTo(TokenPath).Count);
    }

    [Fact]
    public async Task A_401_after_a_redirect_to_another_host_gets_no_new_token_and_is_not_sent_again()
    {
        AnswerTokens("machine-token-1", "machine-token-2");
        await using var elsewhere = await EchoApi.StartAsync();
        elsewhere.Refused[""] = true;
        elsewhere.Refused["Bearer machine-token-1"] = true;
        using var services = Services();

        using var response = await Client(services).GetAsync("/redirect?to=" + Uri.EscapeDataString(elsewhere.Url + "/data"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(elsewhere.Received);
        Assert.DoesNotContain(elsewhere.Received, header => header.Contains("machine-token", StringComparison.Ordinal));
        Assert.Single(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task A_token_request_all_of_whose_callers_gave_up_does_not_answer_the_next_caller()
    {
        _provider.Token(TokenPath, status: 503, body: "unavailable", delay: TimeSpan.FromMilliseconds(500));
        // The failure's back-off over before the next call: what is tested is the flight nobody waited for.
        using var services = Services(options => options.RetryDelay = TimeSpan.FromMilliseconds(1));
        var client = Client(services);
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("/data", giveUp.Token));
        }

        await Task.Delay(TimeSpan.FromMilliseconds(800), TestContext.Current.CancellationToken);
        _provider.Server.Reset();
        AnswerTokens("machine-token-1");

        var answer = await client.GetStringAsync("/data", TestContext.Current.CancellationToken);

        Assert.Equal("Bearer machine-token-1", answer);
    }

    [Fact]
    public async Task A_shared_entry_copied_under_another_clients_key_is_not_read_there()
    {
        AnswerTokens("machine-token-1", "machine-token-2");
        var services = new ServiceCollection().AddLogging().AddDistributedMemoryCache();
        services.AddHttpClient("read", client => client.BaseAddress = new Uri(_api.Url)).AddClientCredentialsToken(options => Configure(options, "orders/read"));
        services.AddHttpClient("admin", client => client.BaseAddress = new Uri(_api.Url)).AddClientCredentialsToken(options => Configure(options, "orders/admin"));
        using var provider = services.BuildServiceProvider();
        var read = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("read").GetStringAsync("/data", TestContext.Current.CancellationToken);
        var cache = provider.GetRequiredService<Microsoft.Extensions.Caching.Distributed.IDistributedCache>();
        var monitor = provider.GetRequiredService<IOptionsMonitor<ClientCredentialsOptions>>();
        var entry = await cache.GetAsync(monitor.Get("read").CacheKey, TestContext.Current.CancellationToken);
        await cache.SetAsync(monitor.Get("admin").CacheKey, entry!, new Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions(), TestContext.Current.CancellationToken);

        var admin = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("admin").GetStringAsync("/data", TestContext.Current.CancellationToken);

        Assert.Equal("Bearer machine-token-1", read);
        Assert.Equal("Bearer machine-token-2", admin);
    }

    [Fact]
    public async Task An_API_that_refuses_every_token_costs_one_token_request_per_RenewAfterRefusalInterval_not_one_per_call()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        AnswerTokens("machine-token-1", "machine-token-2");
        _api.Refused["Bearer machine-token-1"] = true;
        _api.Refused["Bearer machine-token-2"] = true;
        using var services = Services(configureServices: s => s.AddSingleton<TimeProvider>(time));
        var client = Client(services);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/data", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        var withinInterval = _provider.RequestsTo(TokenPath).Count;
        time.Advance(TimeSpan.FromSeconds(31));
        using (await client.GetAsync("/data", TestContext.Current.CancellationToken))
        {
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(2, withinInterval);
        Assert.Equal(3, _provider.RequestsTo(TokenPath).Count);
    }

    [Fact]
    public async Task Two_clients_with_other_scopes_get_a_token_each()
    {
        AnswerTokens("machine-token-1", "machine-token-2");
        var services = new ServiceCollection().AddLogging();
        services.AddHttpClient("read", client => client.BaseAddress = new Uri(_api.Url)).AddClientCredentialsToken(options => Configure(options, "orders/read"));
        services.AddHttpClient("write", client => client.BaseAddress = new Uri(_api.Url)).AddClientCredentialsToken(options => Configure(options, "orders/write"));
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();

        var read = await factory.CreateClient("read").GetStringAsync("/data", TestContext.Current.CancellationToken);
        var write = await factory.CreateClient("write").GetStringAsync("/data", TestContext.Current.CancellationToken);
        var readAgain = await factory.CreateClient("read").GetStringAsync("/data", TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer machine-token-1", "Bearer machine-token-2", "Bearer machine-token-1"], [read, write, readAgain]);
        Assert.Equal(2, _provider.RequestsTo(TokenPath).Count);
    }

    [Theory]
    [InlineData("scope", "orders/read")]
    [InlineData("client", "other-client")]
    [InlineData("endpoint", "/other/token")]
    [InlineData("parameter", "https://other.example.com")]
    public void The_cache_key_changes_with_each_part_of_the_request(string part, string value)
    {
        var first = new ClientCredentialsOptions();
        var second = new ClientCredentialsOptions();
        Configure(first, "orders/write");
        Configure(second, "orders/write");
        switch (part)
        {
            case "scope": second.Scope = [value]; break;
            case "client": second.ClientId = value; break;
            case "endpoint": second.TokenEndpoint = _provider.Url + value; break;
            default: second.TokenParams["resource"] = value; break;
        }

        Assert.NotEqual(first.CacheKey, second.CacheKey);
        Assert.DoesNotContain(FakeProvider.ClientSecret, first.CacheKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_request_fails_the_call_with_the_provider_error_and_no_secret()
    {
        _provider.Token(TokenPath, status: 400, body: """{"error":"invalid_scope","error_description":"Scope orders/admin is not allowed"}""");
        using var services = Services();

        var exception = await Assert.ThrowsAsync<OAuth2GenericException>(() => Client(services).GetAsync("/data", TestContext.Current.CancellationToken));

        Assert.Equal(FailureStep.ClientCredentials, exception.Step);
        Assert.Equal("invalid_scope", exception.Error);
        Assert.Contains("Scope orders/admin is not allowed", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeProvider.ClientSecret, exception.Message, StringComparison.Ordinal);
        Assert.Empty(_api.Received);
    }

    [Fact]
    public async Task A_token_endpoint_that_redirects_fails_the_call_as_provider_answer_refused()
    {
        using var elsewhere = new FakeProvider();
        _provider.Respond(
            Request.Create().WithPath(TokenPath), 302, string.Empty, contentType: null,
            headers: new Dictionary<string, string> { ["Location"] = elsewhere.Url + TokenPath });
        using var services = Services();

        var exception = await Assert.ThrowsAsync<OAuth2GenericException>(() => Client(services).GetAsync("/data", TestContext.Current.CancellationToken));

        Assert.Equal(FailureStep.ClientCredentials, exception.Step);
        Assert.Equal(OAuth2GenericFailureReasons.ProviderAnswerRefused, exception.Reason);
        Assert.Empty(elsewhere.Server.LogEntries);
        Assert.Empty(_api.Received);
    }

    [Fact]
    public async Task After_a_failed_token_request_the_first_call_after_RetryDelay_tries_again()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        _provider.Token(TokenPath, status: 503, body: "unavailable");
        using var services = Services(configureServices: s => s.AddSingleton<TimeProvider>(time));
        var client = Client(services);
        var failure = await Assert.ThrowsAsync<OAuth2GenericException>(() => client.GetAsync("/data", TestContext.Current.CancellationToken));
        AnswerTokens("machine-token-1");
        time.Advance(new ClientCredentialsOptions().RetryDelay);

        var answer = await client.GetStringAsync("/data", TestContext.Current.CancellationToken);

        Assert.True(failure.IsTransient);
        Assert.Equal("Bearer machine-token-1", answer);
    }

    public static TheoryData<string, Action<ClientCredentialsOptions>> Misconfigurations => new()
    {
        { "The client-credentials client 'api': TokenEndpoint is required", options => options.TokenEndpoint = null },
        { "TokenEndpoint 'http://idp.example.com/token' is not HTTPS", options => options.TokenEndpoint = "http://idp.example.com/token" },
        { "ClientId is required.", options => options.ClientId = "" },
        { "ClientSecret is required: a client-credentials client authenticates with its secret.", options => options.ClientSecret = "" },
        { "AuthScheme must be BasicAuth or RequestBody, not None", options => options.AuthScheme = ClientAuthScheme.None },
        { "Scope cannot hold an empty scope or one with a space", options => options.Scope = ["orders/read orders/write"] },
        { "TokenParams cannot set grant_type, scope, client_id or client_secret", options => options.TokenParams["scope"] = "x" },
        { "RenewBefore and RenewAfterRefusalInterval cannot be negative", options => options.RenewBefore = TimeSpan.FromSeconds(-1) },
        { "RetryDelay must be more than 0 and at most 1 hour", options => options.RetryDelay = TimeSpan.Zero },
        { "MaxRetryAfter must be at least RetryDelay (00:00:05) and at most 1 day", options => options.MaxRetryAfter = TimeSpan.FromSeconds(1) },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public async Task A_misconfiguration_stops_the_app_at_start_up_naming_the_option(string expected, Action<ClientCredentialsOptions> misconfigure)
    {
        await using var app = TestApp.Build(
            auth => auth.Services.AddHttpClient("api").AddClientCredentialsToken(options =>
            {
                Configure(options, scope: null);
                misconfigure(options);
            }),
            configuration: null, configureBuilder: null, out _, out _);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    private void AnswerTokens(string first, string? second = null, TimeSpan? delay = null)
    {
        const string scenario = "tokens";
        var firstAnswer = Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"access_token":"{{first}}","expires_in":3600,"token_type":"Bearer"}""");
        if (delay is { } wait)
        {
            firstAnswer = firstAnswer.WithDelay(wait);
        }

        var request = Request.Create().WithPath(TokenPath).UsingPost();
        if (second is null)
        {
            _provider.Server.Given(request).RespondWith(firstAnswer);
            return;
        }

        _provider.Server.Given(request).InScenario(scenario).WillSetStateTo("second").RespondWith(firstAnswer);
        _provider.Server.Given(request).InScenario(scenario).WhenStateIs("second")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"access_token":"{{second}}","expires_in":3600,"token_type":"Bearer"}"""));
    }

    private ServiceProvider Services(Action<ClientCredentialsOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        configureServices?.Invoke(services);
        services.AddHttpClient("api", client => client.BaseAddress = new Uri(_api.Url)).AddClientCredentialsToken(options =>
        {
            Configure(options, scope: null);
            options.TokenParams["resource"] = "https://api.example.com";
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    private static HttpClient Client(ServiceProvider services) => services.GetRequiredService<IHttpClientFactory>().CreateClient("api");

    private void Configure(ClientCredentialsOptions options, string? scope)
    {
        options.TokenEndpoint = _provider.Url + TokenPath;
        options.ClientId = FakeProvider.ClientId;
        options.ClientSecret = FakeProvider.ClientSecret;
        if (scope is not null)
        {
            options.Scope = [scope];
        }
    }
}
