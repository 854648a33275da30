using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Models;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OAuth2Generic.Tests.Integration;

/// <summary>
/// Every way a sign-in can fail ends through the framework's remote-failure path with a clear message, no principal,
/// and nothing secret in the message.
/// </summary>
public sealed class FailureTests : IDisposable
{
    private const string Code = "the-code-8c41";

    private readonly FakeProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    [Theory]
    [InlineData("?code=the-code")]
    [InlineData("?code=the-code&state=")]
    [InlineData("?code=the-code&state=not-a-protected-state")]
    public async Task A_missing_or_garbage_state_fails_before_the_token_endpoint_is_called(string query)
    {
        _provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");

        using var callback = await browser.CallbackAsync(authorizeUrl, query);

        await AssertFailed(app, browser, callback, "The oauth state was missing or invalid.");
        Assert.Empty(_provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task A_tampered_state_fails_before_the_token_endpoint_is_called()
    {
        _provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");
        var state = BrowserSession.Parameters(authorizeUrl)["state"];
        var tampered = state[..^4] + (state[^4] == 'A' ? 'B' : 'A') + state[^3..];

        using var callback = await browser.CallbackAsync(authorizeUrl, $"?code=c&state={Uri.EscapeDataString(tampered)}");

        await AssertFailed(app, browser, callback, "The oauth state was missing or invalid.");
        Assert.Empty(_provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task A_lost_correlation_cookie_is_a_clean_failure()
    {
        _provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");

        // Another browser (no correlation cookie) brings the same callback back.
        var otherBrowser = app.NewSession();
        using var callback = await otherBrowser.CallbackWithStateAsync(authorizeUrl, "code=c");

        await AssertFailed(app, otherBrowser, callback, "Correlation failed.");
        Assert.Empty(_provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task A_provider_error_keeps_its_code_description_and_uri()
    {
        _provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();

        using var callback = await browser.ReturnFromProviderAsync(
            "idp", "error=invalid_scope&error_description=The+scope+%27admin%27+is+unknown&error_uri=https%3A%2F%2Fidp.example%2Fdocs");

        var failure = Assert.IsType<OAuth2GenericException>(await AssertFailed(
            app, browser, callback,
            "The authorization server returned error \"invalid_scope\" (The scope 'admin' is unknown; see https://idp.example/docs)."));
        Assert.Equal(SignInStep.Authorization, failure.Step);
        Assert.Equal("invalid_scope", failure.Error);
        Assert.Equal("The scope 'admin' is unknown", failure.ErrorDescription);
        Assert.Equal("https://idp.example/docs", failure.ErrorUri);
        Assert.Equal("invalid_scope", failure.Data["error"]);
        Assert.Empty(_provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task Access_denied_keeps_its_description_when_no_AccessDeniedPath_is_set()
    {
        _provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();

        using var callback = await browser.ReturnFromProviderAsync("idp", "error=access_denied&error_description=User+cancelled");

        await AssertFailed(app, browser, callback, "The authorization server returned error \"access_denied\" (User cancelled).");
    }

    [Fact]
    public async Task Access_denied_goes_to_the_AccessDeniedPath_when_one_is_set()
    {
        _provider.Working();
        await using var app = await StartApp(options => options.AccessDeniedPath = "/denied");
        var browser = app.NewSession();

        using var callback = await browser.ReturnFromProviderAsync("idp", "error=access_denied");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("https://app.test/denied?ReturnUrl=%2Fme", callback.Headers.Location?.OriginalString);
        Assert.Null(await browser.ClaimsAsync());
    }

    [Fact]
    public async Task A_callback_with_both_an_error_and_a_code_is_the_error()
    {
        _provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();

        using var callback = await browser.ReturnFromProviderAsync("idp", $"code={Code}&error=server_error");

        await AssertFailed(app, browser, callback, "The authorization server returned error \"server_error\".");
        Assert.Empty(_provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task A_token_error_names_the_status_and_the_providers_error()
    {
        _provider.Token(status: 400, body: """{"error":"invalid_grant","error_description":"Code expired"}""");

        var failure = await SignInAndExpectFailure(
            $"The token endpoint ({_provider.Host}) returned 400 Bad Request with error \"invalid_grant\" (Code expired).");

        Assert.Equal(SignInStep.TokenRequest, failure.Step);
        Assert.Equal(400, failure.StatusCode);
        Assert.Equal("invalid_grant", failure.Error);
        Assert.Empty(_provider.RequestsTo(FakeProvider.UserInfoPath));
    }

    [Fact]
    public async Task A_provider_that_echoes_the_code_or_secret_in_its_error_does_not_get_them_into_the_message()
    {
        _provider.Token(status: 400, body: $$"""{"error":"invalid_client","error_description":"Bad secret {{FakeProvider.ClientSecret}} for code {{Code}}"}""");

        await SignInAndExpectFailure(
            $"The token endpoint ({_provider.Host}) returned 400 Bad Request with error \"invalid_client\" (Bad secret [redacted] for code [redacted]).");
    }

    [Fact]
    public async Task A_token_endpoint_HTML_error_page_fails_with_its_status()
    {
        _provider.Token(status: 502, body: "<html><body>Bad gateway</body></html>", contentType: "text/html");

        await SignInAndExpectFailure($"The token endpoint ({_provider.Host}) returned 502 Bad Gateway.");
    }

    [Fact]
    public async Task A_token_response_without_an_access_token_fails()
    {
        _provider.Token(body: """{"token_type":"Bearer"}""");

        await SignInAndExpectFailure($"The token endpoint ({_provider.Host}) returned no access_token.");
    }

    [Fact]
    public async Task A_token_response_that_is_not_JSON_fails()
    {
        // A form, but not labelled as one: the Content-Type decides, as in Ruby's oauth2 gem, and nothing is guessed.
        _provider.Token(body: "access_token=abc&token_type=bearer", contentType: "text/plain");

        await SignInAndExpectFailure(
            $"The token endpoint ({_provider.Host}) returned a body that is not JSON (text/plain, 34 bytes).");
    }

    [Theory]
    [InlineData("access_token=abc&token_type=bearer&access_token=def", 51)]
    [InlineData("access_token=abc%2&token_type=bearer", 36)]
    [InlineData("access_token=abc%C3%28&token_type=bearer", 40)]
    public async Task A_form_token_response_with_a_repeated_name_a_broken_escape_or_bytes_that_are_not_UTF8_fails(string body, int length)
    {
        _provider.Token(body: body, contentType: "application/x-www-form-urlencoded");

        await SignInAndExpectFailure(
            $"The token endpoint ({_provider.Host}) returned a body that is not a valid form (application/x-www-form-urlencoded, {length} bytes).");
    }

    [Fact]
    public async Task A_token_response_of_200_with_an_error_document_is_an_error()
    {
        _provider.Token(body: """{"error":"bad_verification_code","error_description":"The code is incorrect or expired."}""");

        var failure = await SignInAndExpectFailure(
            $"The token endpoint ({_provider.Host}) returned 200 OK with error \"bad_verification_code\" (The code is incorrect or expired.).");

        Assert.Equal("bad_verification_code", failure.Error);
    }

    [Fact]
    public async Task A_token_response_with_a_null_or_empty_error_member_is_not_an_error()
    {
        _provider
            .Token(body: $$"""{"access_token":"{{FakeProvider.AccessToken}}","token_type":"Bearer","error":null,"error_description":""}""")
            .UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);
        await using var app = await StartApp();
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync("idp");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.NotNull(await browser.ClaimsAsync());
    }

    [Theory]
    [InlineData("tok\\r\\nX-Forged: 1")]
    [InlineData("tök")]
    [InlineData("tok\\ten")]
    public async Task An_access_token_that_is_not_visible_ASCII_fails_before_it_reaches_a_header(string accessToken)
    {
        _provider
            .Token(body: $$"""{"access_token":"{{accessToken}}","token_type":"Bearer"}""")
            .UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);

        var failure = await SignInAndExpectFailure(
            $"The token endpoint ({_provider.Host}) returned an access_token with characters a token cannot contain.");

        Assert.Equal(SignInStep.TokenRequest, failure.Step);
        Assert.Empty(_provider.RequestsTo(FakeProvider.UserInfoPath));
    }

    [Fact]
    public async Task A_redirect_from_the_token_endpoint_is_not_followed()
    {
        _provider.Respond(
            Request.Create().WithPath("/oauth/token"), 307, string.Empty, contentType: null,
            headers: new Dictionary<string, string> { ["Location"] = "https://elsewhere.example/token" });

        await SignInAndExpectFailure(
            $"The token endpoint ({_provider.Host}) returned 307 Temporary Redirect, a redirect to elsewhere.example, which is not followed.");
    }

    [Fact]
    public async Task A_token_body_over_the_size_cap_fails()
    {
        _provider.Token(body: $$"""{"access_token":"{{new string('a', 3000)}}"}""");

        await SignInAndExpectFailure(
            $"The token endpoint ({_provider.Host}) answered with a body larger than BackchannelMaxResponseSize (2048 bytes).",
            options => options.BackchannelMaxResponseSize = 2048);
    }

    [Fact]
    public async Task A_redirect_followed_by_an_application_supplied_backchannel_still_fails()
    {
        using var elsewhere = new FakeProvider();
        elsewhere.UserInfo("/steal", FakeProvider.UserJson);
        _provider.Token();
        _provider.Respond(
            Request.Create().WithPath(FakeProvider.UserInfoPath), 302, string.Empty, contentType: null,
            headers: new Dictionary<string, string> { ["Location"] = elsewhere.Url + "/steal" });

        var failure = await SignInAndExpectFailure(
            $"The user-info endpoint ({_provider.Host}) was redirected to {elsewhere.Host}, and redirects must not be followed: set AllowAutoRedirect = false on the BackchannelHttpHandler.",
            // A whole HttpClient cannot be looked into at start-up; the answer's origin is checked instead.
            options => options.Backchannel = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true }));

        Assert.Equal(SignInStep.UserInformation, failure.Step);
    }

    [Fact]
    public async Task A_user_document_that_is_not_valid_UTF8_fails_as_not_JSON()
    {
        _provider.Token();
        _provider.Server
            .Given(Request.Create().WithPath(FakeProvider.UserInfoPath))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody([.. "{\"id\":1,\"name\":\""u8, 0xC3, 0x28, .. "\"}"u8]));

        await SignInAndExpectFailure(
            $"The user-info endpoint ({_provider.Host}) returned a body that is not JSON (application/json, 20 bytes).");
    }

    [Theory]
    [InlineData("""{"access_token":"\ud800","token_type":"Bearer"}""", 200)]
    [InlineData("""{"access_token":"ok","refresh_token":"\udc00"}""", 200)]
    [InlineData("""{"error":"\ud800"}""", 400)]
    public async Task A_token_response_with_a_lone_surrogate_fails_as_not_JSON(string body, int status)
    {
        _provider.Token(status: status, body: body).UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);

        var failure = await SignInAndExpectFailure(expectedPrefix: $"The token endpoint ({_provider.Host}) returned ");

        Assert.Equal(SignInStep.TokenRequest, failure.Step);
        Assert.Empty(_provider.RequestsTo(FakeProvider.UserInfoPath));
    }

    [Theory]
    [InlineData("""{"id":"\ud800"}""")]
    [InlineData("""{"id":1,"name":"Ada \udc00"}""")]
    [InlineData("""{"id":1,"\ud800":"x"}""")]
    public async Task A_user_document_with_a_lone_surrogate_fails_as_not_JSON(string document)
    {
        _provider.Token().UserInfo(FakeProvider.UserInfoPath, document);

        var failure = await SignInAndExpectFailure(
            $"The user-info endpoint ({_provider.Host}) returned a body that is not JSON (application/json, {document.Length} bytes).");

        Assert.Equal(SignInStep.UserInformation, failure.Step);
    }

    [Fact]
    public async Task A_user_info_401_names_the_status_and_the_bearer_challenge()
    {
        _provider.Token();
        _provider.Respond(
            Request.Create().WithPath(FakeProvider.UserInfoPath), 401, string.Empty, contentType: null,
            headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer error=\"invalid_token\"" });

        var failure = await SignInAndExpectFailure(
            $"The user-info endpoint ({_provider.Host}) returned 401 Unauthorized (WWW-Authenticate: Bearer error=\"invalid_token\").");

        Assert.Equal(SignInStep.UserInformation, failure.Step);
        Assert.Equal(401, failure.StatusCode);
    }

    [Fact]
    public async Task A_user_info_server_error_fails_with_its_status()
    {
        _provider.Token().UserInfo(FakeProvider.UserInfoPath, """{"error":"temporarily_unavailable"}""", status: 503);

        await SignInAndExpectFailure(
            $"The user-info endpoint ({_provider.Host}) returned 503 Service Unavailable with error \"temporarily_unavailable\".");
    }

    [Fact]
    public async Task A_user_info_body_that_is_not_JSON_fails_without_dumping_it()
    {
        _provider.Token().UserInfo(FakeProvider.UserInfoPath, "<html>Sign in again</html>", contentType: "text/html");

        var failure = await SignInAndExpectFailure(
            $"The user-info endpoint ({_provider.Host}) returned a body that is not JSON (text/html, 26 bytes).");

        Assert.DoesNotContain("Sign in again", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_document_with_duplicate_members_is_refused()
    {
        _provider.Token().UserInfo(FakeProvider.UserInfoPath, """{"id":1,"id":2}""");

        await SignInAndExpectFailure($"The user-info endpoint ({_provider.Host}) returned a body that is not JSON (application/json, 15 bytes).");
    }

    [Theory]
    [InlineData("""{"name":"no id"}""", "is missing")]
    [InlineData("""{"id":null}""", "is null")]
    [InlineData("""{"id":""}""", "is an empty string")]
    [InlineData("""{"id":true}""", "is a boolean")]
    [InlineData("""{"id":{"value":1}}""", "is an object, not a string or number")]
    [InlineData("""{"id":[1]}""", "is an array, not a string or number")]
    public async Task A_user_document_without_a_usable_id_fails_and_names_the_id_path(string document, string problem)
    {
        _provider.Token().UserInfo(FakeProvider.UserInfoPath, document);

        var failure = await SignInAndExpectFailure(
            $"The user document has no usable id: the value at IdPath \"id\" under RootPath [] {problem}. Set UserResponseStructure:IdPath to the member that holds the user's unique id.");

        Assert.Equal(SignInStep.ClaimsMapping, failure.Step);
    }

    [Fact]
    public async Task A_slow_token_endpoint_fails_after_the_backchannel_timeout()
    {
        _provider.Token(delay: TimeSpan.FromSeconds(5));

        var failure = await SignInAndExpectFailure(
            $"The token endpoint ({_provider.Host}) did not answer within BackchannelTimeout (00:00:01).",
            options => options.BackchannelTimeout = TimeSpan.FromSeconds(1));

        Assert.IsAssignableFrom<OperationCanceledException>(failure.InnerException);
    }

    [Fact]
    public async Task A_slow_user_info_endpoint_fails_after_the_backchannel_timeout()
    {
        _provider.Token().UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson, delay: TimeSpan.FromSeconds(5));

        await SignInAndExpectFailure(
            $"The user-info endpoint ({_provider.Host}) did not answer within BackchannelTimeout (00:00:01).",
            options => options.BackchannelTimeout = TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_token_endpoint_that_refuses_connections_fails_with_the_cause()
    {
        var closedPort = FakeProvider.FreePort();

        var failure = await SignInAndExpectFailure(
            expectedPrefix: $"The token endpoint (127.0.0.1:{closedPort}) could not be reached (ConnectionError)",
            configure: options => options.ClientOptions.TokenUrl = $"http://127.0.0.1:{closedPort}/oauth/token");

        Assert.IsType<HttpRequestException>(failure.InnerException);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task A_user_info_endpoint_that_refuses_connections_fails_with_the_cause()
    {
        var closedPort = FakeProvider.FreePort();
        _provider.Token();

        var failure = await SignInAndExpectFailure(
            expectedPrefix: $"The user-info endpoint (127.0.0.1:{closedPort}) could not be reached (ConnectionError)",
            configure: options => options.ClientOptions.UserInfoUrl = $"http://127.0.0.1:{closedPort}/user");

        Assert.Equal(SignInStep.UserInformation, failure.Step);
        Assert.True(failure.IsTransient);
    }

    [Theory]
    [InlineData(FaultType.EMPTY_RESPONSE)]
    [InlineData(FaultType.MALFORMED_RESPONSE_CHUNK)]
    public async Task A_user_info_endpoint_that_breaks_the_connection_fails_naming_the_step(FaultType fault)
    {
        _provider.Token();
        _provider.Server
            .Given(Request.Create().WithPath(FakeProvider.UserInfoPath))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(FakeProvider.UserJson).WithFault(fault));

        var failure = await SignInAndExpectFailure(expectedPrefix: $"The user-info endpoint ({_provider.Host}) ");

        Assert.Equal(SignInStep.UserInformation, failure.Step);
    }

    [Fact]
    public async Task A_user_info_endpoint_that_breaks_off_its_body_fails_naming_the_step()
    {
        _provider.Token();
        await using var truncating = new BrokenHttpServer();

        var failure = await SignInAndExpectFailure(
            expectedPrefix: $"The user-info endpoint ({new Uri(truncating.Url).Authority}) broke off its answer: ",
            configure: options => options.ClientOptions.UserInfoUrl = truncating.Url + "/user");

        Assert.IsAssignableFrom<IOException>(failure.InnerException);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task A_redirect_from_the_user_info_endpoint_is_not_followed()
    {
        using var elsewhere = new FakeProvider();
        elsewhere.UserInfo("/steal", FakeProvider.UserJson);
        _provider.Token();
        _provider.Respond(
            Request.Create().WithPath(FakeProvider.UserInfoPath), 302, string.Empty, contentType: null,
            headers: new Dictionary<string, string> { ["Location"] = elsewhere.Url + "/steal" });

        await SignInAndExpectFailure(
            $"The user-info endpoint ({_provider.Host}) returned 302 Found, a redirect to {elsewhere.Host}, which is not followed.");

        Assert.Empty(elsewhere.RequestsTo("/steal"));
    }

    [Fact]
    public async Task A_user_info_body_over_the_size_cap_fails()
    {
        var huge = $$"""{"id":1,"padding":"{{new string('x', 5000)}}"}""";
        _provider.Token().UserInfo(FakeProvider.UserInfoPath, huge);

        await SignInAndExpectFailure(
            $"The user-info endpoint ({_provider.Host}) answered with a body larger than BackchannelMaxResponseSize (1024 bytes).",
            options => options.BackchannelMaxResponseSize = 1024);
    }

    private Task<TestApp> StartApp(Action<OAuth2GenericOptions>? configure = null) =>
        TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            configure?.Invoke(options);
        }));

    private async Task<OAuth2GenericException> SignInAndExpectFailure(
        string? expectedMessage = null, Action<OAuth2GenericOptions>? configure = null, string? expectedPrefix = null)
    {
        await using var app = await StartApp(configure);
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync("idp", Code);

        var failure = Assert.IsType<OAuth2GenericException>(await AssertFailed(app, browser, callback, expectedMessage, expectedPrefix));

        // ToString() includes every inner exception and its message.
        foreach (var secret in new[] { FakeProvider.ClientSecret, Code, FakeProvider.AccessToken, FakeProvider.RefreshToken })
        {
            Assert.DoesNotContain(secret, failure.ToString(), StringComparison.Ordinal);
        }

        return failure;
    }

    private static async Task<Exception> AssertFailed(
        TestApp app, BrowserSession browser, HttpResponseMessage callback, string? expectedMessage, string? expectedPrefix = null)
    {
        var body = await callback.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.Single(app.Failures);
        if (expectedMessage is not null)
        {
            Assert.Equal(expectedMessage, failure.Message);
        }

        if (expectedPrefix is not null)
        {
            Assert.StartsWith(expectedPrefix, failure.Message, StringComparison.Ordinal);
        }

        Assert.Equal("Sign-in failed: " + failure.Message, body);
        Assert.DoesNotContain(browser.Cookies.Keys, name => name == ".AspNetCore.Cookies");
        Assert.Null(await browser.ClaimsAsync());
        return failure;
    }
}
