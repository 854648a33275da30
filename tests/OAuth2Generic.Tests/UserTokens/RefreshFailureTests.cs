using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// <c>AddOAuth2Generic</c> whose provider (WireMock) answers the refresh badly: a refused refresh token ends the session;
/// an error that may pass (a 5xx, 429, a timeout, a body that is not JSON) keeps it, with the current token while it is
/// valid, and the next try waits <see cref="OAuth2GenericOptions.RefreshRetryDelay"/>. The user never gets a 500, and no
/// token is ever in a log line.
/// </summary>
public sealed class RefreshFailureTests : IDisposable
{
    private const string TokenPath = "/oauth/token";
    private static readonly TimeSpan UntilDue = TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1);

    private readonly FakeProvider _provider = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task A_refresh_token_the_provider_refuses_ends_the_session()
    {
        await using var app = await SignedInAppAsync();
        var browser = await SignInAsync(app);
        RefreshAnswers(400, """{"error":"invalid_grant","error_description":"Token is not active"}""");

        _time.Advance(UntilDue);
        using var page = await browser.GetAsync("/me");

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.DoesNotContain(".AspNetCore.Cookies", browser.Cookies.Keys);
        var warning = Assert.Single(app.Logs.Lines, line => line.Level >= LogLevel.Warning);
        Assert.Contains("(refresh_token_invalid)", warning.Message, StringComparison.Ordinal);
        AssertNoTokenLogged(app);
    }

    [Theory]
    [InlineData(500, """{"error":"server_error"}""", "application/json", "token_request_failed")]
    [InlineData(429, "Rate exceeded", "text/plain", "token_request_failed")]
    [InlineData(200, "<html>maintenance</html>", "text/html", "token_request_failed")]
    public async Task An_answer_that_may_pass_keeps_the_session_and_its_token_and_the_next_try_waits(int status, string body, string contentType, string reason)
    {
        await using var app = await SignedInAppAsync();
        var browser = await SignInAsync(app);
        RefreshAnswers(status, body, contentType);

        _time.Advance(UntilDue);
        var kept = await TokenAsync(browser);
        var again = await TokenAsync(browser);
        Assert.Single(RefreshRequests());
        _time.Advance(TimeSpan.FromSeconds(61));
        var expired = await TokenAsync(browser);
        using var call = await browser.GetAsync("/call");

        Assert.Equal(("Valid", FakeProvider.AccessToken), (kept.Status, kept.AccessToken));
        Assert.Equal(("Valid", FakeProvider.AccessToken), (again.Status, again.AccessToken));
        Assert.Equal("Expired", expired.Status);
        Assert.Equal(2, RefreshRequests().Count);
        Assert.Equal(HttpStatusCode.Conflict, call.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me")).StatusCode);
        Assert.Contains(app.Logs.Lines, line => line.Level == LogLevel.Warning && line.Message.Contains($"failed ({reason})", StringComparison.Ordinal));
        AssertNoTokenLogged(app);
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_within_BackchannelTimeout_keeps_the_session()
    {
        await using var app = await SignedInAppAsync(options => options.BackchannelTimeout = TimeSpan.FromSeconds(1));
        var browser = await SignInAsync(app);
        RefreshAnswers(200, FakeProvider.TokenBody("the-late-token"), delay: TimeSpan.FromSeconds(3));

        _time.Advance(UntilDue);
        var kept = await TokenAsync(browser);

        Assert.Equal(("Valid", FakeProvider.AccessToken), (kept.Status, kept.AccessToken));
        Assert.Contains(app.Logs.Lines, line => line.Level == LogLevel.Warning && line.Message.Contains("failed (timeout)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refresh_answer_without_a_refresh_token_keeps_the_saved_one_and_sends_the_scheme_s_client_authentication()
    {
        await using var app = await SignedInAppAsync();
        var browser = await SignInAsync(app);
        RefreshAnswers(200, """{"access_token":"the-refreshed-token","token_type":"Bearer","expires_in":3600}""");

        _time.Advance(UntilDue);
        var first = await TokenAsync(browser);
        _time.Advance(UntilDue);
        await TokenAsync(browser);

        Assert.Equal("the-refreshed-token", first.AccessToken);
        var requests = RefreshRequests();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, request =>
        {
            Assert.Contains($"refresh_token={FakeProvider.RefreshToken}", request.RequestMessage!.Body, StringComparison.Ordinal);
            Assert.StartsWith("Basic ", request.RequestMessage.Headers!["Authorization"].Single(), StringComparison.Ordinal);
        });
    }

    private async Task<RefreshApp> SignedInAppAsync(Action<OAuth2GenericOptions>? configure = null)
    {
        _provider.Working();
        return await RefreshApp.StartAsync(
            auth => auth.AddOAuth2Generic(options =>
            {
                _provider.Configure(options);
                options.SaveTokens = true;
                options.RefreshSavedTokens = true;
                configure?.Invoke(options);
            }),
            _time,
            apiUrl: _provider.Url);
    }

    private static async Task<BrowserSession> SignInAsync(RefreshApp app)
    {
        var browser = new BrowserSession(app.Client);
        var (_, callback) = await browser.SignInAsync(OAuth2GenericDefaults.AuthenticationScheme);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me")).StatusCode);
        return browser;
    }

    private static async Task<RefreshApp.TokenPage> TokenAsync(BrowserSession browser)
    {
        using var page = await browser.GetAsync("/token");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (await page.Content.ReadFromJsonAsync<RefreshApp.TokenPage>(TestContext.Current.CancellationToken))!;
    }

    // The refresh's answer, ahead of the code exchange's at the same path.
    private void RefreshAnswers(int status, string body, string contentType = "application/json", TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body);
        _provider.Server
            .Given(Request.Create().WithPath(TokenPath).UsingPost().WithBody((string? form) => form?.Contains("grant_type=refresh_token", StringComparison.Ordinal) == true))
            .AtPriority(-1)
            .RespondWith(delay is { } wait ? response.WithDelay(wait) : response);
    }

    private List<WireMock.Logging.ILogEntry> RefreshRequests() =>
        [.. _provider.RequestsTo(TokenPath).Where(entry => entry.RequestMessage?.Body?.Contains("grant_type=refresh_token", StringComparison.Ordinal) == true)];

    private static void AssertNoTokenLogged(RefreshApp app) =>
        Assert.DoesNotContain(app.Logs.Lines, line =>
            (line.Message + line.Exception).Contains(FakeProvider.RefreshToken, StringComparison.Ordinal)
            || (line.Message + line.Exception).Contains(FakeProvider.AccessToken, StringComparison.Ordinal));
}
