using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.Secrets;

/// <summary>
/// No log line, of any category and at any level, and no failure (with its inner exceptions) carries the client
/// secret, the code or a token in any form, over successful and failing sign-ins, including providers that echo what
/// they received. The one exception is the framework's request line (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>,
/// Information), which shows the callback's URL as the browser sent it, code included: docs/security.md says to keep
/// that category at Warning in production.
/// </summary>
public sealed class SecretsInLogsTests : IDisposable
{
    private const string Code = "the-code-a91f";

    // A secret whose encodings all differ from it and from each other.
    private const string SpecialSecret = "s3cr+t/ä ö=&'x";

    private static readonly string[] Secrets = [FakeProvider.ClientSecret, Code, FakeProvider.AccessToken, FakeProvider.RefreshToken, SpecialSecret];

    private readonly FakeProvider _provider = new();
    private TelemetryRecorder? _telemetry;

    public void Dispose()
    {
        _telemetry?.Dispose();
        _provider.Dispose();
    }

    [Theory]
    [InlineData(AuthTokenMode.Header)]
    [InlineData(AuthTokenMode.Query)]
    [InlineData(AuthTokenMode.Body)]
    public async Task A_successful_sign_in_logs_no_secret_code_or_token(AuthTokenMode mode)
    {
        _provider.Working();

        var app = await SignIn(options => options.AuthTokenParams.Mode = mode, expectSuccess: true);

        AssertNoSecretLogged(app);
    }

    [Fact]
    public async Task A_token_error_that_echoes_the_code_and_secret_logs_neither()
    {
        _provider.Token(status: 400, body: $$"""{"error":"invalid_grant","error_description":"code {{Code}} secret {{FakeProvider.ClientSecret}}"}""");

        AssertNoSecretLogged(await SignIn(expectSuccess: false));
    }

    [Fact]
    public async Task A_user_info_error_that_echoes_the_token_logs_no_token()
    {
        _provider.Token();
        _provider.Respond(
            Request.Create().WithPath(FakeProvider.UserInfoPath), 401,
            $$"""{"error":"invalid_token","error_description":"token {{FakeProvider.AccessToken}} expired"}""", "application/json",
            headers: new Dictionary<string, string> { ["WWW-Authenticate"] = $"Bearer error=\"invalid_token\", error_description=\"{FakeProvider.AccessToken}\"" });

        AssertNoSecretLogged(await SignIn(expectSuccess: false));
    }

    [Fact]
    public async Task A_user_info_error_that_echoes_the_request_url_logs_no_token_sent_in_the_query()
    {
        // Characters that each URL encoder writes its own way: the query keeps $,;@!*() as they are.
        const string token = "t0k/en$,;@!*()=+x";
        _provider.Token(body: FakeProvider.TokenBody(token));
        var sentUrl = $"{FakeProvider.UserInfoPath}?access_token={System.Text.Encodings.Web.UrlEncoder.Default.Encode(token)}";
        _provider.Respond(
            Request.Create().WithPath(FakeProvider.UserInfoPath), 401,
            System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = "invalid_token", ["error_description"] = $"GET {sentUrl} refused" }),
            "application/json",
            headers: new Dictionary<string, string> { ["WWW-Authenticate"] = $"Bearer error=\"invalid_token\", error_description=\"GET {sentUrl}\"" });

        var app = await SignIn(options => options.AuthTokenParams.Mode = AuthTokenMode.Query, expectSuccess: false);

        Assert.Contains(_provider.Server.LogEntries, entry => entry.RequestMessage?.RawQuery?.Contains("$,;@", StringComparison.Ordinal) == true);
        AssertNoSecretLogged(app, [token]);
        Assert.Contains(app.Failures, failure => failure.Message.Contains("refused", StringComparison.Ordinal));
    }

    public static TheoryData<string, int, string> FailingAnswers => new()
    {
        { "/oauth/token", 400, $$"""{"error":"invalid_grant","error_uri":"https://idp.example/{{Code}}"}""" },
        { "/oauth/token", 200, $$"""{"error":"invalid_client","error_description":"{{FakeProvider.ClientSecret}} is wrong"}""" },
        { "/oauth/token", 200, $$"""{"token_type":"Bearer","refresh_token":"{{FakeProvider.RefreshToken}}"}""" },
        { "/oauth/token", 200, $"not json {Code} {FakeProvider.ClientSecret}" },
        { "/oauth/token", 503, $"<html>{Code}</html>" },
        { FakeProvider.UserInfoPath, 200, $$"""{"name":"{{FakeProvider.AccessToken}}"}""" },
        { FakeProvider.UserInfoPath, 200, $"<html>{FakeProvider.AccessToken}</html>" },
        { FakeProvider.UserInfoPath, 500, $$"""{"error":"server_error","error_description":"{{FakeProvider.AccessToken}}"}""" },
    };

    [Theory]
    [MemberData(nameof(FailingAnswers))]
    public async Task A_failing_sign_in_logs_and_reports_no_secret_code_or_token(string path, int status, string body)
    {
        if (path == FakeProvider.UserInfoPath)
        {
            _provider.Token();
        }

        _provider.Respond(Request.Create().WithPath(path), status, body, "application/json");

        AssertNoSecretLogged(await SignIn(expectSuccess: false));
    }

    public static TheoryData<ClientAuthScheme, string> EchoedForms()
    {
        var form = Uri.EscapeDataString(SpecialSecret).Replace("%20", "+", StringComparison.Ordinal);
        var basic = SecretForms.OfBasicCredentials(FakeProvider.ClientId, SpecialSecret);
        return new()
        {
            { ClientAuthScheme.RequestBody, $"received client_id={FakeProvider.ClientId}&client_secret={form}&code={Code}" },
            { ClientAuthScheme.RequestBody, $"received client_secret={form.ToLowerInvariant()}" },
            { ClientAuthScheme.RequestBody, $"received {{\"client_secret\":{System.Text.Json.JsonSerializer.Serialize(SpecialSecret)}}}" },
            { ClientAuthScheme.BasicAuth, $"received Authorization: Basic {basic[0]}" },
            { ClientAuthScheme.BasicAuth, $"received credentials {basic[1]}" },
        };
    }

    [Theory]
    [MemberData(nameof(EchoedForms))]
    public async Task A_provider_that_echoes_the_secret_in_another_form_gets_none_of_its_forms_logged_or_reported(ClientAuthScheme scheme, string echo)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = "invalid_client", ["error_description"] = echo });
        _provider.Respond(
            Request.Create().WithPath("/oauth/token"), 401, body, "application/json",
            headers: new Dictionary<string, string> { ["WWW-Authenticate"] = $"Basic realm=\"idp\", error_description=\"{echo.Replace("\"", "'", StringComparison.Ordinal)}\"" });

        var app = await SignIn(
            options =>
            {
                options.ClientSecret = SpecialSecret;
                options.ClientOptions.AuthScheme = scheme;
            },
            expectSuccess: false);

        AssertNoSecretLogged(app, SecretForms.OfBasicCredentials(FakeProvider.ClientId, SpecialSecret));
        Assert.Contains(app.Failures, failure => failure.Message.Contains("error \"invalid_client\" (received", StringComparison.Ordinal));
    }

    private async Task<TestApp> SignIn(Action<OAuth2GenericOptions>? configure = null, bool expectSuccess = true)
    {
        var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            options.SaveTokens = true;
            configure?.Invoke(options);
        }));
        _telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        browser.Headers["traceparent"] = _telemetry.TraceParent;

        var (_, callback) = await browser.SignInAsync("idp", Code);

        Assert.Equal(expectSuccess ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized, callback.StatusCode);
        Assert.Equal(expectSuccess, await browser.ClaimsAsync() is not null);
        await app.DisposeAsync();
        return app;
    }

    private void AssertNoSecretLogged(TestApp app, IEnumerable<string>? alsoSecret = null)
    {
        var ours = app.Logs.Lines.Where(line => line.Category.StartsWith("OAuth2Generic", StringComparison.Ordinal)).ToList();
        Assert.Contains(ours, line => line.Message.Contains(_provider.Host, StringComparison.Ordinal));
        Assert.True(LoggedTexts.HaveScopes(app.Logs), "No log line carried a scope: the scopes were not read.");
        var texts = LoggedTexts.Of(app.Logs)
            .Concat(app.Failures.Select(failure => failure.ToString()))
            .Concat(TelemetryTexts());
        foreach (var text in texts)
        {
            SecretForms.AssertNoneIn(text, [.. Secrets, .. Verifiers(), .. alsoSecret ?? []]);
        }
    }

    // The PKCE verifier of each token request: a secret of the sign-in (RFC 7636 §7.1) that only the token endpoint sees.
    private List<string> Verifiers()
    {
        var verifiers = _provider.RequestsTo("/oauth/token").Select(entry => new ReceivedRequest(entry.RequestMessage!).Form["code_verifier"]).ToList();
        Assert.NotEmpty(verifiers);
        return verifiers;
    }

    // Every span of the sign-in's trace (the package's, ASP.NET Core's and System.Net's) and every metric point, as an
    // exporter would send them.
    private IEnumerable<string> TelemetryTexts()
    {
        Assert.NotNull(_telemetry);
        Assert.Contains(_telemetry.Spans, span => span.OperationName == "oauth2generic.callback");
        Assert.NotEmpty(_telemetry.PointsOf("oauth2generic.sign_ins"));
        return _telemetry.AllText();
    }
}
