using WireMock.Models;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OAuth2Generic.Tests.UserInformation;

/// <summary>
/// Every way the user-info request can fail (an error answer or bearer challenge, a body that is not clean JSON, a
/// redirect, a body over the cap, a slow, unreachable or broken endpoint) ends the sign-in with a message that names
/// the user-info endpoint, no principal, and nothing secret in the message.
/// </summary>
public sealed class UserInformationFailureTests : FailedSignInTests
{
    [Fact]
    public async Task A_redirect_followed_by_an_application_supplied_backchannel_still_fails()
    {
        using var elsewhere = new FakeProvider();
        elsewhere.UserInfo("/steal", FakeProvider.UserJson);
        Provider.Token();
        Provider.Respond(
            Request.Create().WithPath(FakeProvider.UserInfoPath), 302, string.Empty, contentType: null,
            headers: new Dictionary<string, string> { ["Location"] = elsewhere.Url + "/steal" });

        var failure = await SignInAndExpectFailure(
            $"The user-info endpoint ({Provider.Host}) was redirected to {elsewhere.Host}, and redirects must not be followed: set AllowAutoRedirect = false on the BackchannelHttpHandler.",
            // A whole HttpClient cannot be looked into at start-up; the answer's origin is checked instead.
            options => options.Backchannel = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true }));

        Assert.Equal(FailureStep.UserInformation, failure.Step);
    }

    [Fact]
    public async Task A_user_document_that_is_not_valid_UTF8_fails_as_not_JSON()
    {
        Provider.Token();
        Provider.Server
            .Given(Request.Create().WithPath(FakeProvider.UserInfoPath))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody([.. "{\"id\":1,\"name\":\""u8, 0xC3, 0x28, .. "\"}"u8]));

        await SignInAndExpectFailure(
            $"The user-info endpoint ({Provider.Host}) returned a body that is not JSON (application/json, 20 bytes).");
    }

    [Theory]
    [InlineData("""{"id":"\ud800"}""")]
    [InlineData("""{"id":1,"name":"Ada \udc00"}""")]
    [InlineData("""{"id":1,"\ud800":"x"}""")]
    public async Task A_user_document_with_a_lone_surrogate_fails_as_not_JSON(string document)
    {
        Provider.Token().UserInfo(FakeProvider.UserInfoPath, document);

        var failure = await SignInAndExpectFailure(
            $"The user-info endpoint ({Provider.Host}) returned a body that is not JSON (application/json, {document.Length} bytes).");

        Assert.Equal(FailureStep.UserInformation, failure.Step);
    }

    [Fact]
    public async Task A_user_info_401_names_the_status_and_the_bearer_challenge()
    {
        Provider.Token();
        Provider.Respond(
            Request.Create().WithPath(FakeProvider.UserInfoPath), 401, string.Empty, contentType: null,
            headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer error=\"invalid_token\"" });

        var failure = await SignInAndExpectFailure(
            $"The user-info endpoint ({Provider.Host}) returned 401 Unauthorized (WWW-Authenticate: Bearer error=\"invalid_token\").");

        Assert.Equal(FailureStep.UserInformation, failure.Step);
        Assert.Equal(401, failure.StatusCode);
    }

    [Fact]
    public async Task A_user_info_server_error_fails_with_its_status()
    {
        Provider.Token().UserInfo(FakeProvider.UserInfoPath, """{"error":"temporarily_unavailable"}""", status: 503);

        await SignInAndExpectFailure(
            $"The user-info endpoint ({Provider.Host}) returned 503 Service Unavailable with error \"temporarily_unavailable\".");
    }

    [Fact]
    public async Task A_user_info_body_that_is_not_JSON_fails_without_dumping_it()
    {
        Provider.Token().UserInfo(FakeProvider.UserInfoPath, "<html>Sign in again</html>", contentType: "text/html");

        var failure = await SignInAndExpectFailure(
            $"The user-info endpoint ({Provider.Host}) returned a body that is not JSON (text/html, 26 bytes).");

        Assert.DoesNotContain("Sign in again", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_document_with_duplicate_members_is_refused()
    {
        Provider.Token().UserInfo(FakeProvider.UserInfoPath, """{"id":1,"id":2}""");

        await SignInAndExpectFailure($"The user-info endpoint ({Provider.Host}) returned a body that is not JSON (application/json, 15 bytes).");
    }

    [Fact]
    public async Task A_slow_user_info_endpoint_fails_after_the_backchannel_timeout()
    {
        Provider.Token().UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson, delay: TimeSpan.FromSeconds(5));

        await SignInAndExpectFailure(
            $"The user-info endpoint ({Provider.Host}) did not answer within BackchannelTimeout (00:00:01).",
            options => options.BackchannelTimeout = TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_user_info_endpoint_that_refuses_connections_fails_with_the_cause()
    {
        var closedPort = FakeProvider.FreePort();
        Provider.Token();

        var failure = await SignInAndExpectFailure(
            expectedPrefix: $"The user-info endpoint (127.0.0.1:{closedPort}) could not be reached (ConnectionError)",
            configure: options => options.ClientOptions.UserInfoUrl = $"http://127.0.0.1:{closedPort}/user");

        Assert.Equal(FailureStep.UserInformation, failure.Step);
        Assert.True(failure.IsTransient);
    }

    [Theory]
    [InlineData(FaultType.EMPTY_RESPONSE)]
    [InlineData(FaultType.MALFORMED_RESPONSE_CHUNK)]
    public async Task A_user_info_endpoint_that_breaks_the_connection_fails_naming_the_step(FaultType fault)
    {
        Provider.Token();
        Provider.Server
            .Given(Request.Create().WithPath(FakeProvider.UserInfoPath))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(FakeProvider.UserJson).WithFault(fault));

        var failure = await SignInAndExpectFailure(expectedPrefix: $"The user-info endpoint ({Provider.Host}) ");

        Assert.Equal(FailureStep.UserInformation, failure.Step);
    }

    [Fact]
    public async Task A_user_info_endpoint_that_breaks_off_its_body_fails_naming_the_step()
    {
        Provider.Token();
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
        Provider.Token();
        Provider.Respond(
            Request.Create().WithPath(FakeProvider.UserInfoPath), 302, string.Empty, contentType: null,
            headers: new Dictionary<string, string> { ["Location"] = elsewhere.Url + "/steal" });

        await SignInAndExpectFailure(
            $"The user-info endpoint ({Provider.Host}) returned 302 Found, a redirect to {elsewhere.Host}, which is not followed.");

        Assert.Empty(elsewhere.RequestsTo("/steal"));
    }

    [Fact]
    public async Task A_user_info_body_over_the_size_cap_fails()
    {
        var huge = $$"""{"id":1,"padding":"{{new string('x', 5000)}}"}""";
        Provider.Token().UserInfo(FakeProvider.UserInfoPath, huge);

        await SignInAndExpectFailure(
            $"The user-info endpoint ({Provider.Host}) answered with a body larger than BackchannelMaxResponseSize (1024 bytes).",
            options => options.BackchannelMaxResponseSize = 1024);
    }
}
