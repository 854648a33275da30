using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.Telemetry;

/// <summary>
/// The provider calls outside the callback have their spans and metrics too: a client-credentials token request and
/// its cache, revocation at sign-out, and a fetch of signing keys for a key id the user pool did not publish before.
/// </summary>
public sealed class ProviderCallTelemetryTests : IAsyncLifetime
{
    private readonly FakeProvider _provider = new();
    private readonly FakeCognito _cognito = new();
    private EchoApi _api = null!;

    public async ValueTask InitializeAsync() => _api = await EchoApi.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        _provider.Dispose();
        _cognito.Dispose();
    }

    [Fact]
    public async Task A_provider_call_has_one_client_span_System_Nets_under_the_packages_internal_one()
    {
        _provider.Token(path: "/oauth2/token", body: """{"access_token":"machine-token","expires_in":3600,"token_type":"Bearer"}""");
        var services = new ServiceCollection().AddLogging();
        services.AddClientCredentialsClient("machine", options =>
        {
            options.TokenEndpoint = _provider.Url + "/oauth2/token";
            options.ClientId = FakeProvider.ClientId;
            options.ClientSecret = FakeProvider.ClientSecret;
        });
        await using var provider = services.BuildServiceProvider();
        using var telemetry = new TelemetryRecorder(provider);

        using (new Activity("test").SetParentId(telemetry.TraceParent).Start())
        {
            await provider.GetRequiredService<IClientCredentialsTokenService>().GetAccessTokenAsync("machine", TestContext.Current.CancellationToken);
        }

        // OpenTelemetry's guidance: a library over an instrumented HTTP client adds no second Client span for the call.
        var span = telemetry.Span("oauth2generic.client_credentials");
        Assert.Equal(ActivityKind.Internal, span.Kind);
        var client = Assert.Single(telemetry.Spans, candidate => candidate.Kind == ActivityKind.Client);
        Assert.Equal("System.Net.Http", client.Source.Name);
        Assert.Equal(span.SpanId, client.ParentSpanId);
    }

    [Fact]
    public async Task A_client_credentials_token_is_one_span_and_the_cache_counts_a_miss_then_hits()
    {
        _provider.Token(path: "/oauth2/token", body: """{"access_token":"machine-token","expires_in":3600,"token_type":"Bearer"}""");
        var services = new ServiceCollection().AddLogging();
        services.AddHttpClient("api", client => client.BaseAddress = new Uri(_api.Url)).AddClientCredentialsToken(options =>
        {
            options.TokenEndpoint = _provider.Url + "/oauth2/token";
            options.ClientId = FakeProvider.ClientId;
            options.ClientSecret = FakeProvider.ClientSecret;
        });
        await using var provider = services.BuildServiceProvider();
        using var telemetry = new TelemetryRecorder(provider);
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        using (new Activity("test").SetParentId(telemetry.TraceParent).Start())
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("Bearer machine-token", await client.GetStringAsync("/data", TestContext.Current.CancellationToken));
            }
        }

        var span = telemetry.Span("oauth2generic.client_credentials");
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal("token", span.GetTagItem("oauth2generic.endpoint"));
        Assert.Equal("client_credentials", span.GetTagItem("oauth2generic.step"));
        Assert.Single(telemetry.Spans, candidate => candidate.Source.Name == "System.Net.Http" && candidate.ParentSpanId == span.SpanId);
        Assert.Equal(["miss", "hit", "hit"], telemetry.PointsOf("oauth2generic.client_credentials.lookups").Select(point => point["oauth2generic.cache.result"]));
        var call = Assert.Single(telemetry.PointsOf("oauth2generic.provider.request.duration"));
        Assert.Equal("client_credentials", call["oauth2generic.call"]);
    }

    [Theory]
    [InlineData(200, null)]
    [InlineData(400, OAuth2GenericFailureReasons.RevocationFailed)]
    public async Task Revoking_the_refresh_token_at_sign_out_is_a_span_that_says_whether_it_failed(int status, string? reason)
    {
        _cognito.Jwks().UserInfo();
        _cognito.Provider.Respond(Request.Create().WithPath(FakeCognito.RevokePath).UsingPost(), status, status == 200 ? "" : """{"error":"unsupported_token_type"}""", "application/json");
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.ConfigureWithIdToken(options);
            options.SaveTokens = true;
        }));
        using var telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        await _cognito.SignInAsync(browser);
        browser.Headers["traceparent"] = telemetry.TraceParent;

        using var signOut = await browser.GetAsync("/signout/Cognito");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var span = telemetry.Span("oauth2generic.revocation");
        Assert.Equal("revocation", span.GetTagItem("oauth2generic.endpoint"));
        Assert.Equal(status, span.GetTagItem("http.response.status_code"));
        Assert.Equal(reason, span.GetTagItem("error.type"));
        Assert.Equal(reason is null ? ActivityStatusCode.Unset : ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task A_key_id_the_user_pool_did_not_publish_before_is_counted_as_an_unknown_kid_fetch()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _cognito.Jwks().UserInfo();
        await using var app = await TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.ConfigureWithIdToken(options);
            options.TimeProvider = clock;
        }));
        using var telemetry = new TelemetryRecorder(app.Services);
        var (_, first) = await _cognito.SignInAsync(app.NewSession());
        _cognito.Jwks(FakeCognito.SigningKey, FakeCognito.RotatedKey);
        clock.Advance(TimeSpan.FromSeconds(31));

        var (_, rotated) = await _cognito.SignInAsync(app.NewSession(), claims => FakeCognito.Sign(claims, FakeCognito.RotatedKey));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, rotated.StatusCode);
        Assert.Equal(
            ["first", "unknown_kid"],
            telemetry.PointsOf("oauth2generic.signing_keys.fetches").Select(point => point["oauth2generic.signing_keys.fetch_reason"]));
    }
}
