using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.Backchannel;

/// <summary>
/// Token and user-info endpoints that answer with what no provider should: every answer ends the sign-in with a message
/// that names the step, nothing secret in it, and no principal; an app without <c>OnRemoteFailure</c> answers 502.
/// </summary>
public sealed class HostileProviderTests : IDisposable
{
    private const string Code = "the-code-3e7d";
    private const string TokenPath = "/oauth/token";

    private readonly FakeProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    public static TheoryData<FailureStep, string, string?, string> HostileBodies()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);
        var huge = $$"""{"id":1,"padding":"{{new string('x', 20 * 1024 * 1024)}}"}""";
        var data = new TheoryData<FailureStep, string, string?, string>();
        foreach (var step in new[] { FailureStep.TokenRequest, FailureStep.UserInformation })
        {
            data.Add(step, huge, "application/json", "answered with a body larger than BackchannelMaxResponseSize (1048576 bytes).");
            data.Add(step, deep, "application/json", "returned a body that is not JSON (application/json, 60001 bytes).");
            data.Add(step, """{"access_token":"a","id":1,"id":2}""", "application/json", "returned a body that is not JSON (application/json, 34 bytes).");
            data.Add(step, "<html><body>Welcome</body></html>", "text/html", "returned a body that is not JSON (text/html, 33 bytes).");
            data.Add(step, string.Empty, null, "returned a body that is not JSON (no Content-Type, 0 bytes).");
            data.Add(step, string.Empty, "application/json", "returned a body that is not JSON (application/json, 0 bytes).");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task A_hostile_200_body_fails_naming_the_step(FailureStep step, string body, string? contentType, string expectedEnd)
    {
        Answer(step, 200, body, contentType);

        var failure = await SignInAndExpectFailure();

        Assert.Equal(step, failure.Step);
        Assert.Equal($"{EndpointName(step)} ({_provider.Host}) {expectedEnd}", failure.Message);
    }

    [Theory]
    [InlineData(FailureStep.TokenRequest, 429)]
    [InlineData(FailureStep.TokenRequest, 503)]
    [InlineData(FailureStep.UserInformation, 429)]
    [InlineData(FailureStep.UserInformation, 503)]
    public async Task Throttling_and_unavailability_fail_as_transient_naming_the_step(FailureStep step, int status)
    {
        Answer(step, status, "<html>Slow down</html>", "text/html");

        var failure = await SignInAndExpectFailure();

        Assert.Equal(step, failure.Step);
        Assert.True(failure.IsTransient);
        Assert.StartsWith($"{EndpointName(step)} ({_provider.Host}) returned {status} ", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FailureStep.TokenRequest)]
    [InlineData(FailureStep.UserInformation)]
    public async Task A_redirect_to_another_host_is_not_followed_and_the_other_host_receives_nothing(FailureStep step)
    {
        using var elsewhere = new FakeProvider().Working();
        var path = step == FailureStep.TokenRequest ? TokenPath : FakeProvider.UserInfoPath;
        Answer(step, 302, string.Empty, contentType: null, headers: new() { ["Location"] = elsewhere.Url + path });

        var failure = await SignInAndExpectFailure();

        Assert.Equal(step, failure.Step);
        Assert.Equal($"{EndpointName(step)} ({_provider.Host}) returned 302 Found, a redirect to {elsewhere.Host}, which is not followed.", failure.Message);
        Assert.Empty(elsewhere.Server.LogEntries);
    }

    [Theory]
    [InlineData(FailureStep.TokenRequest)]
    [InlineData(FailureStep.UserInformation)]
    public async Task A_provider_slower_than_the_backchannel_timeout_fails_within_the_timeout_and_a_second(FailureStep step)
    {
        var timeout = TimeSpan.FromSeconds(1);
        Answer(step, 200, FakeProvider.UserJson, "application/json", delay: TimeSpan.FromSeconds(3));

        var (failure, elapsed) = await TimeFailingCallback(options => options.BackchannelTimeout = timeout);

        Assert.Equal($"{EndpointName(step)} ({_provider.Host}) did not answer within BackchannelTimeout (00:00:01).", failure.Message);
        Assert.True(failure.IsTransient);
        Assert.InRange(elapsed, TimeSpan.Zero, timeout + TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData(FailureStep.TokenRequest)]
    [InlineData(FailureStep.UserInformation)]
    public async Task A_body_that_stalls_after_the_headers_fails_within_the_timeout_and_a_second(FailureStep step)
    {
        // The headers come at once, so HttpClient's own timeout is over; only the handler's bounds the body.
        var timeout = TimeSpan.FromSeconds(1);
        await using var stalling = new BrokenHttpServer(stall: TimeSpan.FromSeconds(4));
        if (step == FailureStep.UserInformation)
        {
            _provider.Token();
        }

        var (failure, elapsed) = await TimeFailingCallback(options =>
        {
            options.BackchannelTimeout = timeout;
            if (step == FailureStep.TokenRequest)
            {
                options.ClientOptions.TokenUrl = stalling.Url + "/token";
            }
            else
            {
                options.ClientOptions.UserInfoUrl = stalling.Url + "/user";
            }
        });

        Assert.Equal($"{EndpointName(step)} ({new Uri(stalling.Url).Authority}) did not answer within BackchannelTimeout (00:00:01).", failure.Message);
        Assert.InRange(elapsed, TimeSpan.Zero, timeout + TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData(FailureStep.TokenRequest)]
    [InlineData(FailureStep.UserInformation)]
    public async Task A_body_that_is_not_UTF8_fails_as_not_JSON_naming_the_step(FailureStep step)
    {
        if (step == FailureStep.UserInformation)
        {
            _provider.Token();
        }

        var path = step == FailureStep.TokenRequest ? TokenPath : FakeProvider.UserInfoPath;
        _provider.Server
            .Given(Request.Create().WithPath(path))
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200)
                .WithHeader("Content-Type", "application/json")
                .WithBody([(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']));

        var failure = await SignInAndExpectFailure();

        Assert.Equal(step, failure.Step);
        Assert.Equal($"{EndpointName(step)} ({_provider.Host}) returned a body that is not JSON (application/json, 10 bytes).", failure.Message);
    }

    [Fact]
    public async Task A_failing_provider_is_a_502_for_an_app_without_OnRemoteFailure()
    {
        Answer(FailureStep.TokenRequest, 503, string.Empty, contentType: null);
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", _provider.Configure), recordFailures: false);
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync("idp", Code);

        Assert.Equal(HttpStatusCode.BadGateway, callback.StatusCode);
        Assert.Equal(
            "Sign-in failed: the identity provider could not complete it. Please try again.",
            await callback.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Null(await browser.ClaimsAsync());
    }

    // The other endpoint answers as a working provider does, so that the step under test is the one that fails.
    private void Answer(
        FailureStep step, int status, string body, string? contentType, TimeSpan? delay = null, Dictionary<string, string>? headers = null)
    {
        if (step == FailureStep.UserInformation)
        {
            _provider.Token();
        }

        var path = step == FailureStep.TokenRequest ? TokenPath : FakeProvider.UserInfoPath;
        _provider.Respond(Request.Create().WithPath(path), status, body, contentType, delay, headers);
    }

    private static string EndpointName(FailureStep step) =>
        step == FailureStep.TokenRequest ? "The token endpoint" : "The user-info endpoint";

    // Times the callback alone: the app's start-up and the challenge are not the handler's timeout.
    private async Task<(OAuth2GenericException Failure, TimeSpan Elapsed)> TimeFailingCallback(Action<OAuth2GenericOptions> configure)
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            configure(options);
        }));
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");

        var stopwatch = Stopwatch.StartNew();
        using var callback = await browser.CallbackWithStateAsync(authorizeUrl, $"code={Code}");
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        return (Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures)), stopwatch.Elapsed);
    }

    private async Task<OAuth2GenericException> SignInAndExpectFailure(Action<OAuth2GenericOptions>? configure = null)
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            configure?.Invoke(options);
        }));
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync("idp", Code);

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        Assert.Null(await browser.ClaimsAsync());
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        foreach (var secret in new[] { FakeProvider.ClientSecret, Code, FakeProvider.AccessToken, FakeProvider.RefreshToken })
        {
            Assert.DoesNotContain(secret, failure.ToString(), StringComparison.Ordinal);
        }

        return failure;
    }
}
