using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// Token refresh against a provider that answers the refresh badly, over real HTTP (WireMock.Net) after a real
/// sign-in, the app's clock moved until the token is due: a refused refresh token or tokens for another user end the
/// session; a failure that may pass keeps it, with the old token while it is valid, and retries only after
/// <see cref="OAuth2GenericOptions.RefreshRetryDelay"/>. No response is a 500 and no log line holds a token.
/// </summary>
public sealed class RefreshProviderAnswerTests
{
    internal const string RefreshedAccessToken = "the-refreshed-access-token-4c1e";
    internal const string AuthCookie = ".AspNetCore.Cookies";
    internal static readonly TimeSpan UntilDue = TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan PastRetryDelay = TimeSpan.FromSeconds(31);

    // Each test has its own WireMock server: the id only lets a test replace the user-info answer after the sign-in.
    private static readonly Guid UserInfoMapping = Guid.NewGuid();

    internal sealed record Scenario(FakeProvider Provider, RefreshApp App, FakeTimeProvider Time, BrowserSession Browser, string TokenPath, EchoApi Api)
        : IAsyncDisposable
    {
        public Guid RefreshMapping { get; } = Guid.NewGuid();

        /// <summary>The token endpoint's answer to <c>grant_type=refresh_token</c> from now on.</summary>
        public void RefreshAnswers(int status, string body, string contentType = "application/json", TimeSpan? delay = null) =>
            Provider.Respond(
                Request.Create().WithPath(TokenPath).UsingPost().WithBody((string? form) => form?.Contains("grant_type=refresh_token", StringComparison.Ordinal) == true),
                status,
                body,
                contentType,
                delay,
                id: RefreshMapping);

        /// <summary>
        /// The refresh requests the provider received. A delayed answer's request reaches WireMock's log only once it is
        /// answered, so this first waits until the log holds as many as the app's debug line says it sent.
        /// </summary>
        public async Task<int> RefreshRequestsAsync()
        {
            var sent = App.Logs.Lines.Count(line => line.Level == LogLevel.Debug && line.Message.StartsWith("Refreshing the saved tokens of a session", StringComparison.Ordinal));
            for (var waited = 0; RefreshRequestsLogged() < sent && waited < 200; waited++)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            return RefreshRequestsLogged();
        }

        /// <summary>A page of the app: never a 500, whatever the provider did.</summary>
        public async Task<HttpResponseMessage> GetAsync(string url)
        {
            var response = await Browser.GetAsync(url);
            Assert.True((int)response.StatusCode < 500, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            return response;
        }

        public async Task<HttpStatusCode> StatusOfAsync(string url)
        {
            using var response = await GetAsync(url);
            return response.StatusCode;
        }

        public async Task<RefreshApp.TokenPage> TokenAsync()
        {
            using var page = await GetAsync("/token");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            return (await page.Content.ReadFromJsonAsync<RefreshApp.TokenPage>(TestContext.Current.CancellationToken))!;
        }

        public async Task<IReadOnlyList<ClaimRecord>?> ClaimsAsync()
        {
            using var page = await GetAsync("/me");
            return page.StatusCode == HttpStatusCode.Unauthorized ? null : await page.Content.ReadFromJsonAsync<List<ClaimRecord>>(TestContext.Current.CancellationToken);
        }

        /// <summary>No log line, message or exception, holds the refresh token, an access token or the client secret.</summary>
        public void AssertNoSecretInLogs()
        {
            string[] secrets = [FakeProvider.RefreshToken, FakeProvider.AccessToken, RefreshedAccessToken, FakeProvider.ClientSecret];
            Assert.All(App.Logs.Lines, line => Assert.All(secrets, secret =>
            {
                Assert.DoesNotContain(secret, line.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, line.Exception ?? string.Empty, StringComparison.Ordinal);
            }));
        }

        public LogLevel[] Warnings() => [.. App.Logs.Lines.Where(line => line.Level >= LogLevel.Warning).Select(line => line.Level)];

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Api.DisposeAsync();
            Provider.Dispose();
        }

        private int RefreshRequestsLogged() => Provider.RequestsTo(TokenPath).Count(entry => entry.RequestMessage?.Body?.Contains("grant_type=refresh_token", StringComparison.Ordinal) == true);
    }

    /// <summary>AddOAuth2Generic against FakeProvider, signed in as Ada (id 7), with the refresh answered as a success until the test says otherwise.</summary>
    internal static async Task<Scenario> SignInGenericAsync(Action<OAuth2GenericOptions>? configure = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = new FakeProvider();
        provider.Respond(
            Request.Create().WithPath("/oauth/token").UsingPost().WithBody((string? form) => form?.Contains("grant_type=authorization_code", StringComparison.Ordinal) == true),
            200,
            FakeProvider.TokenBody(),
            "application/json");
        provider.Respond(Request.Create().WithPath(FakeProvider.UserInfoPath).UsingAnyMethod(), 200, FakeProvider.UserJson, "application/json", id: UserInfoMapping);
        var api = await EchoApi.StartAsync();
        var app = await RefreshApp.StartAsync(
            auth => auth.AddOAuth2Generic(options =>
            {
                provider.Configure(options);
                options.SaveTokens = true;
                options.RefreshSavedTokens = true;
                configure?.Invoke(options);
            }),
            time,
            api.Url);
        var browser = new BrowserSession(app.Client);
        var scenario = new Scenario(provider, app, time, browser, "/oauth/token", api);
        scenario.RefreshAnswers(200, FakeProvider.TokenBody(RefreshedAccessToken));

        var (_, callback) = await browser.SignInAsync(OAuth2GenericDefaults.AuthenticationScheme);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Contains(AuthCookie, browser.Cookies.Keys);
        return scenario;
    }

    /// <summary>AddCognito with id_token validation against FakeCognito, signed in as its user.</summary>
    internal static async Task<(Scenario Scenario, FakeCognito Cognito)> SignInCognitoAsync()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cognito = new FakeCognito();
        cognito.Jwks().UserInfo();
        var api = await EchoApi.StartAsync();
        var app = await RefreshApp.StartAsync(
            auth => auth.AddCognito(options =>
            {
                cognito.ConfigureWithIdToken(options);
                options.SaveTokens = true;
                options.RefreshSavedTokens = true;
            }),
            time,
            api.Url);
        var browser = new BrowserSession(app.Client);
        var scenario = new Scenario(cognito.Provider, app, time, browser, FakeCognito.TokenPath, api);

        var (_, callback) = await cognito.SignInAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Contains(AuthCookie, browser.Cookies.Keys);
        return (scenario, cognito);
    }

    internal static string CognitoRefreshBody(string? idToken) => System.Text.Json.JsonSerializer.Serialize(
        idToken is null
            ? new Dictionary<string, object> { ["access_token"] = RefreshedAccessToken, ["token_type"] = "Bearer", ["expires_in"] = 3600 }
            : new Dictionary<string, object> { ["access_token"] = RefreshedAccessToken, ["token_type"] = "Bearer", ["expires_in"] = 3600, ["id_token"] = idToken });

    private static void AssertSessionEndedWarning(Scenario scenario, string scheme, string reason)
    {
        var warning = Assert.Single(scenario.App.Logs.Lines, line => line.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith($"A session of scheme {scheme} ended at the refresh of its tokens ({reason})", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refresh_token_refused_with_invalid_grant_ends_the_session_removes_the_cookie_and_logs_one_warning_without_a_token()
    {
        await using var scenario = await SignInGenericAsync();
        scenario.RefreshAnswers(400, """{"error":"invalid_grant","error_description":"grant request is invalid"}""");

        scenario.Time.Advance(UntilDue);
        var page = await scenario.StatusOfAsync("/me");
        var next = await scenario.StatusOfAsync("/me");

        Assert.Equal(HttpStatusCode.Unauthorized, page);
        Assert.Equal(HttpStatusCode.Unauthorized, next);
        Assert.DoesNotContain(AuthCookie, scenario.Browser.Cookies.Keys);
        Assert.Equal(1, await scenario.RefreshRequestsAsync());
        AssertSessionEndedWarning(scenario, OAuth2GenericDefaults.AuthenticationScheme, OAuth2GenericFailureReasons.RefreshTokenInvalid);
        scenario.AssertNoSecretInLogs();
    }

    public static TheoryData<string> PassingFailures => ["500", "timeout", "200 not JSON", "429"];

    /// <summary>The refresh answered with a failure that may pass; the reason the warning names for it.</summary>
    private static string AnswerRefreshWith(Scenario scenario, string failure)
    {
        switch (failure)
        {
            case "500":
                scenario.RefreshAnswers(500, """{"error":"server_error"}""");
                return OAuth2GenericFailureReasons.TokenRequestFailed;
            case "timeout":
                // BackchannelTimeout is 1 second.
                scenario.RefreshAnswers(200, FakeProvider.TokenBody(RefreshedAccessToken), delay: TimeSpan.FromSeconds(3));
                return OAuth2GenericFailureReasons.Timeout;
            case "200 not JSON":
                scenario.RefreshAnswers(200, "<html><body>Service temporarily moved</body></html>", "text/html");
                return OAuth2GenericFailureReasons.TokenRequestFailed;
            case "429":
                scenario.RefreshAnswers(429, """{"error":"slow_down"}""");
                return OAuth2GenericFailureReasons.TokenRequestFailed;
            default:
                throw new ArgumentOutOfRangeException(nameof(failure), failure, null);
        }
    }

    [Theory]
    [MemberData(nameof(PassingFailures))]
    public async Task A_refresh_failure_that_may_pass_keeps_the_session_and_the_old_token_and_retries_only_after_the_retry_delay(
        string failure)
    {
        await using var scenario = await SignInGenericAsync(options => options.BackchannelTimeout = TimeSpan.FromSeconds(1));
        var reason = AnswerRefreshWith(scenario, failure);

        scenario.Time.Advance(UntilDue);
        var page = await scenario.StatusOfAsync("/me");
        var token = await scenario.TokenAsync();
        var afterFirst = await scenario.RefreshRequestsAsync();
        scenario.Time.Advance(TimeSpan.FromSeconds(20));
        var withinDelay = await scenario.StatusOfAsync("/me");
        var afterSecond = await scenario.RefreshRequestsAsync();
        scenario.Time.Advance(PastRetryDelay);
        var pastDelay = await scenario.StatusOfAsync("/me");
        var afterThird = await scenario.RefreshRequestsAsync();

        Assert.Equal(HttpStatusCode.OK, page);
        Assert.Equal(new RefreshApp.TokenPage("Valid", FakeProvider.AccessToken, token.ExpiresAt), token);
        Assert.Equal(1, afterFirst);
        Assert.Equal(HttpStatusCode.OK, withinDelay);
        Assert.Equal(1, afterSecond);
        Assert.Equal(HttpStatusCode.OK, pastDelay);
        Assert.Equal(2, afterThird);
        Assert.Contains(AuthCookie, scenario.Browser.Cookies.Keys);
        var warning = scenario.App.Logs.Lines.First(line => line.Level >= LogLevel.Warning);
        Assert.StartsWith($"Refreshing the saved tokens of a session of scheme {OAuth2GenericDefaults.AuthenticationScheme} failed (", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith("The session keeps its tokens; it tries again in 00:00:30.", warning.Message, StringComparison.Ordinal);
        Assert.Contains($"failed ({reason})", warning.Message, StringComparison.Ordinal);

        Assert.DoesNotContain(scenario.App.Logs.Lines, line => line.Message.StartsWith("A session of scheme", StringComparison.Ordinal));
        scenario.AssertNoSecretInLogs();
    }

    [Theory]
    [MemberData(nameof(PassingFailures))]
    public async Task Once_the_old_token_expired_and_the_refresh_still_fails_the_token_is_Expired_and_the_call_gets_the_apps_409_not_a_500(
        string failure)
    {
        await using var scenario = await SignInGenericAsync(options => options.BackchannelTimeout = TimeSpan.FromSeconds(1));
        var reason = AnswerRefreshWith(scenario, failure);

        scenario.Time.Advance(TimeSpan.FromMinutes(61));
        var token = await scenario.TokenAsync();
        using var call = await scenario.GetAsync("/call");
        var me = await scenario.StatusOfAsync("/me");

        Assert.Equal(new RefreshApp.TokenPage("Expired", null, null), token);
        Assert.Equal(HttpStatusCode.Conflict, call.StatusCode);
        Assert.StartsWith("Expired: ", await call.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(scenario.Api.Received);
        Assert.Equal(HttpStatusCode.OK, me);
        Assert.Equal(1, await scenario.RefreshRequestsAsync());
        Assert.Contains(scenario.App.Logs.Lines, line => line.Level == LogLevel.Warning && line.Message.Contains($"failed ({reason})", StringComparison.Ordinal));
        scenario.AssertNoSecretInLogs();
    }

    [Theory]
    [InlineData("validly signed for another sub")]
    [InlineData("with a signature that does not verify")]
    public async Task A_refresh_id_token_the_session_cannot_trust_ends_the_Cognito_session(string idToken)
    {
        var (scenario, cognito) = await SignInCognitoAsync();
        await using var _ = scenario;
        using var __ = cognito;
        scenario.Time.Advance(UntilDue);
        var claims = cognito.IdTokenClaims(nonce: null, scenario.Time.GetUtcNow());
        if (idToken == "validly signed for another sub")
        {
            claims["sub"] = "another-user-0001";
        }

        var signed = idToken == "with a signature that does not verify" ? FakeCognito.Sign(claims, FakeCognito.ForeignKeyWithKnownId) : FakeCognito.Sign(claims);
        scenario.RefreshAnswers(200, CognitoRefreshBody(signed));

        var page = await scenario.StatusOfAsync("/me");

        Assert.Equal(HttpStatusCode.Unauthorized, page);
        Assert.DoesNotContain(AuthCookie, scenario.Browser.Cookies.Keys);
        AssertSessionEndedWarning(scenario, CognitoDefaults.AuthenticationScheme, OAuth2GenericFailureReasons.IdTokenInvalid);
        scenario.AssertNoSecretInLogs();
    }

    [Fact]
    public async Task A_refresh_answer_without_an_id_token_refreshes_the_tokens_and_keeps_the_Cognito_session()
    {
        var (scenario, cognito) = await SignInCognitoAsync();
        await using var _ = scenario;
        using var __ = cognito;
        scenario.Time.Advance(UntilDue);
        scenario.RefreshAnswers(200, CognitoRefreshBody(idToken: null));

        var page = await scenario.StatusOfAsync("/me");
        var token = await scenario.TokenAsync();

        Assert.Equal(HttpStatusCode.OK, page);
        Assert.Equal("Valid", token.Status);
        Assert.Equal(RefreshedAccessToken, token.AccessToken);
        Assert.Equal(scenario.Time.GetUtcNow() + TimeSpan.FromHours(1), token.ExpiresAt!.Value, TimeSpan.FromSeconds(2));
        Assert.Contains(AuthCookie, scenario.Browser.Cookies.Keys);
        Assert.Equal(1, await scenario.RefreshRequestsAsync());
        Assert.Empty(scenario.Warnings());
        scenario.AssertNoSecretInLogs();
    }

    [Fact]
    public async Task With_UpdateClaimsOnRefresh_a_name_changed_at_the_provider_shows_after_the_refresh()
    {
        await using var scenario = await SignInGenericAsync(options => options.UpdateClaimsOnRefresh = true);
        ChangeUserInfo(scenario, """{"id":7,"name":"Ada King","email":"ada@example.com","username":"ada"}""");

        scenario.Time.Advance(UntilDue);
        var claims = await scenario.ClaimsAsync();
        var token = await scenario.TokenAsync();

        Assert.NotNull(claims);
        Assert.Equal("Ada King", Assert.Single(claims, claim => claim.Type == ClaimTypes.Name).Value);
        Assert.Equal("7", Assert.Single(claims, claim => claim.Type == ClaimTypes.NameIdentifier).Value);
        Assert.Equal(RefreshedAccessToken, token.AccessToken);
        Assert.Equal("Bearer " + RefreshedAccessToken, scenario.Provider.RequestsTo(FakeProvider.UserInfoPath)[^1].RequestMessage!.Headers!["Authorization"].Single());
        Assert.Empty(scenario.Warnings());
        scenario.AssertNoSecretInLogs();
    }

    [Fact]
    public async Task With_UpdateClaimsOnRefresh_user_info_for_another_id_ends_the_session()
    {
        await using var scenario = await SignInGenericAsync(options => options.UpdateClaimsOnRefresh = true);
        ChangeUserInfo(scenario, """{"id":8,"name":"Charles Babbage","email":"charles@example.com","username":"charles"}""");

        scenario.Time.Advance(UntilDue);
        var claims = await scenario.ClaimsAsync();

        Assert.Null(claims);
        Assert.DoesNotContain(AuthCookie, scenario.Browser.Cookies.Keys);
        AssertSessionEndedWarning(scenario, OAuth2GenericDefaults.AuthenticationScheme, OAuth2GenericFailureReasons.MappingFailed);
        scenario.AssertNoSecretInLogs();
    }

    [Fact]
    public async Task Without_UpdateClaimsOnRefresh_the_claims_of_the_sign_in_stay_and_user_info_is_not_asked_again()
    {
        await using var scenario = await SignInGenericAsync();
        ChangeUserInfo(scenario, """{"id":7,"name":"Ada King","email":"ada@example.com","username":"ada"}""");

        scenario.Time.Advance(UntilDue);
        var claims = await scenario.ClaimsAsync();
        var token = await scenario.TokenAsync();

        Assert.NotNull(claims);
        Assert.Equal("Ada Lovelace", Assert.Single(claims, claim => claim.Type == ClaimTypes.Name).Value);
        Assert.Equal(RefreshedAccessToken, token.AccessToken);
        Assert.Single(scenario.Provider.RequestsTo(FakeProvider.UserInfoPath));
        scenario.AssertNoSecretInLogs();
    }

    [Fact]
    public async Task A_refresh_answer_without_a_refresh_token_keeps_the_saved_one_and_sends_the_scheme_s_client_authentication()
    {
        await using var scenario = await SignInGenericAsync();
        scenario.RefreshAnswers(200, $$"""{"access_token":"{{RefreshedAccessToken}}","token_type":"Bearer","expires_in":3600}""");

        scenario.Time.Advance(UntilDue);
        var first = await scenario.TokenAsync();
        scenario.Time.Advance(UntilDue);
        await scenario.TokenAsync();

        Assert.Equal(RefreshedAccessToken, first.AccessToken);
        Assert.Equal(2, await scenario.RefreshRequestsAsync());
        Assert.All(
            scenario.Provider.RequestsTo(scenario.TokenPath).Where(entry => entry.RequestMessage?.Body?.Contains("grant_type=refresh_token", StringComparison.Ordinal) == true),
            request =>
            {
                Assert.Contains($"refresh_token={FakeProvider.RefreshToken}", request.RequestMessage!.Body, StringComparison.Ordinal);
                Assert.StartsWith("Basic ", request.RequestMessage.Headers!["Authorization"].Single(), StringComparison.Ordinal);
            });
        scenario.AssertNoSecretInLogs();
    }

    [Fact]
    public async Task A_scheme_with_a_clock_of_its_own_refreshes_by_that_clock_which_wrote_the_tokens_expiry()
    {
        // The framework writes expires_at by the scheme's TimeProvider; the app's TimeProvider service stays still here.
        var schemeClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scenario = await SignInGenericAsync(options => options.TimeProvider = schemeClock);

        var notDue = await scenario.TokenAsync();
        schemeClock.Advance(UntilDue);
        var due = await scenario.TokenAsync();

        Assert.Equal(("Valid", FakeProvider.AccessToken), (notDue.Status, notDue.AccessToken));
        Assert.Equal(RefreshedAccessToken, due.AccessToken);
        Assert.Equal(schemeClock.GetUtcNow().AddHours(1), due.ExpiresAt!.Value, TimeSpan.FromSeconds(1));
        Assert.Equal(1, await scenario.RefreshRequestsAsync());
        scenario.AssertNoSecretInLogs();
    }

    internal static void ChangeUserInfo(Scenario scenario, string json, int status = 200) =>
        scenario.Provider.Respond(Request.Create().WithPath(FakeProvider.UserInfoPath).UsingAnyMethod(), status, json, "application/json", id: UserInfoMapping);
}
