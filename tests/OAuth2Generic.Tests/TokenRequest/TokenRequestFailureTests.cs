using System.Net;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.TokenRequest;

/// <summary>
/// Every way the token request can fail (an error answer, a body that is not a token response, a redirect, a body
/// over the cap, a slow or unreachable endpoint) ends the sign-in with a message that names the token endpoint, no
/// principal, and nothing secret in the message.
/// </summary>
public sealed class TokenRequestFailureTests : FailedSignInTests
{
    [Fact]
    public async Task A_token_error_names_the_status_and_theProviders_error()
    {
        Provider.Token(status: 400, body: """{"error":"invalid_grant","error_description":"Code expired"}""");

        var failure = await SignInAndExpectFailure(
            $"The token endpoint ({Provider.Host}) returned 400 Bad Request with error \"invalid_grant\" (Code expired).");

        Assert.Equal(FailureStep.TokenRequest, failure.Step);
        Assert.Equal(400, failure.StatusCode);
        Assert.Equal("invalid_grant", failure.Error);
        Assert.Empty(Provider.RequestsTo(FakeProvider.UserInfoPath));
    }

    [Fact]
    public async Task AProvider_that_echoes_the_code_or_secret_in_its_error_does_not_get_them_into_the_message()
    {
        Provider.Token(status: 400, body: $$"""{"error":"invalid_client","error_description":"Bad secret {{FakeProvider.ClientSecret}} for code {{Code}}"}""");

        await SignInAndExpectFailure(
            $"The token endpoint ({Provider.Host}) returned 400 Bad Request with error \"invalid_client\" (Bad secret [redacted] for code [redacted]).");
    }

    [Fact]
    public async Task A_token_endpoint_HTML_error_page_fails_with_its_status()
    {
        Provider.Token(status: 502, body: "<html><body>Bad gateway</body></html>", contentType: "text/html");

        await SignInAndExpectFailure($"The token endpoint ({Provider.Host}) returned 502 Bad Gateway.");
    }

    [Fact]
    public async Task A_token_response_without_an_access_token_fails()
    {
        Provider.Token(body: """{"token_type":"Bearer"}""");

        await SignInAndExpectFailure($"The token endpoint ({Provider.Host}) returned no access_token.");
    }

    [Fact]
    public async Task A_token_response_that_is_not_JSON_fails()
    {
        // A form, but not labelled as one: the Content-Type decides, as in Ruby's oauth2 gem, and nothing is guessed.
        Provider.Token(body: "access_token=abc&token_type=bearer", contentType: "text/plain");

        await SignInAndExpectFailure(
            $"The token endpoint ({Provider.Host}) returned a body that is not JSON (text/plain, 34 bytes).");
    }

    [Theory]
    [InlineData("access_token=abc&token_type=bearer&access_token=def", 51)]
    [InlineData("access_token=abc%2&token_type=bearer", 36)]
    [InlineData("access_token=abc%C3%28&token_type=bearer", 40)]
    public async Task A_form_token_response_with_a_repeated_name_a_broken_escape_or_bytes_that_are_not_UTF8_fails(string body, int length)
    {
        Provider.Token(body: body, contentType: "application/x-www-form-urlencoded");

        await SignInAndExpectFailure(
            $"The token endpoint ({Provider.Host}) returned a body that is not a valid form (application/x-www-form-urlencoded, {length} bytes).");
    }

    [Fact]
    public async Task A_token_response_of_200_with_an_error_document_is_an_error()
    {
        Provider.Token(body: """{"error":"bad_verification_code","error_description":"The code is incorrect or expired."}""");

        var failure = await SignInAndExpectFailure(
            $"The token endpoint ({Provider.Host}) returned 200 OK with error \"bad_verification_code\" (The code is incorrect or expired.).");

        Assert.Equal("bad_verification_code", failure.Error);
    }

    [Fact]
    public async Task A_token_response_with_a_null_or_empty_error_member_is_not_an_error()
    {
        Provider
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
        Provider
            .Token(body: $$"""{"access_token":"{{accessToken}}","token_type":"Bearer"}""")
            .UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);

        var failure = await SignInAndExpectFailure(
            $"The token endpoint ({Provider.Host}) returned an access_token with characters a token cannot contain.");

        Assert.Equal(FailureStep.TokenRequest, failure.Step);
        Assert.Empty(Provider.RequestsTo(FakeProvider.UserInfoPath));
    }

    [Fact]
    public async Task A_redirect_from_the_token_endpoint_is_not_followed()
    {
        Provider.Respond(
            Request.Create().WithPath("/oauth/token"), 307, string.Empty, contentType: null,
            headers: new Dictionary<string, string> { ["Location"] = "https://elsewhere.example/token" });

        await SignInAndExpectFailure(
            $"The token endpoint ({Provider.Host}) returned 307 Temporary Redirect, a redirect to elsewhere.example, which is not followed.");
    }

    [Fact]
    public async Task A_token_body_over_the_size_cap_fails()
    {
        Provider.Token(body: $$"""{"access_token":"{{new string('a', 3000)}}"}""");

        await SignInAndExpectFailure(
            $"The token endpoint ({Provider.Host}) answered with a body larger than BackchannelMaxResponseSize (2048 bytes).",
            options => options.BackchannelMaxResponseSize = 2048);
    }

    [Theory]
    [InlineData("""{"access_token":"\ud800","token_type":"Bearer"}""", 200)]
    [InlineData("""{"access_token":"ok","refresh_token":"\udc00"}""", 200)]
    [InlineData("""{"error":"\ud800"}""", 400)]
    public async Task A_token_response_with_a_lone_surrogate_fails_as_not_JSON(string body, int status)
    {
        Provider.Token(status: status, body: body).UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);

        // The whole message: a body read as JSON would fail later for another reason (an access token that is not
        // visible ASCII, a provider error whose code is a lone surrogate), with the same beginning.
        var failure = await SignInAndExpectFailure(status == 200
            ? $"The token endpoint ({Provider.Host}) returned a body that is not JSON (application/json, {body.Length} bytes)."
            : $"The token endpoint ({Provider.Host}) returned 400 Bad Request.");

        Assert.Equal((FailureStep.TokenRequest, OAuth2GenericFailureReasons.TokenRequestFailed, null), (failure.Step, failure.Reason, failure.Error));
        Assert.Empty(Provider.RequestsTo(FakeProvider.UserInfoPath));
    }

    [Fact]
    public async Task A_slow_token_endpoint_fails_after_the_backchannel_timeout()
    {
        Provider.Token(delay: TimeSpan.FromSeconds(5));

        var failure = await SignInAndExpectFailure(
            $"The token endpoint ({Provider.Host}) did not answer within BackchannelTimeout (00:00:01).",
            options => options.BackchannelTimeout = TimeSpan.FromSeconds(1));

        Assert.IsAssignableFrom<OperationCanceledException>(failure.InnerException);
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
}
