using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OAuth2Generic.Cognito;
using WireMock.RequestBuilders;

namespace OAuth2Generic.Tests.Secrets;

/// <summary>
/// A Cognito sign-in with a validated id_token and a sign-out that revokes the refresh token: no log line of the
/// library and no failure message carries the secret, the code or any token.
/// </summary>
public sealed class CognitoSecretsInLogsTests : IDisposable
{
    private readonly FakeCognito _cognito = new();
    private TelemetryRecorder? _telemetry;

    public void Dispose()
    {
        _telemetry?.Dispose();
        _cognito.Dispose();
    }

    [Fact]
    public async Task Sign_in_and_sign_out_log_no_secret_code_or_token()
    {
        _cognito.Jwks().UserInfo();
        _cognito.Provider.Respond(Request.Create().WithPath(FakeCognito.RevokePath).UsingPost(), 200, string.Empty, contentType: null);
        string? idToken = null;
        await using var app = await StartApp();
        var browser = Traced(app);

        await _cognito.SignInAsync(browser, claims => idToken = FakeCognito.Sign(claims));
        using var signOut = await browser.GetAsync("/signout/Cognito");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Single(_cognito.Provider.RequestsTo(FakeCognito.RevokePath));
        Assert.Contains(_telemetry!.Spans, span => span.OperationName == "oauth2generic.revocation");
        AssertNoSecret(app, idToken!);
    }

    [Fact]
    public async Task A_rejected_id_token_logs_and_reports_no_token()
    {
        _cognito.Jwks().UserInfo();
        string? idToken = null;
        await using var app = await StartApp();

        await _cognito.SignInAsync(Traced(app), claims =>
        {
            claims["aud"] = "another-client";
            return idToken = FakeCognito.Sign(claims);
        });

        var failure = Assert.Single(app.Failures);
        AssertNoSecret(app, idToken!, failure.ToString());
    }

    // A browser whose requests are one trace, listened to as an OpenTelemetry SDK would.
    private BrowserSession Traced(TestApp app)
    {
        _telemetry = new TelemetryRecorder(app.Services);
        var browser = app.NewSession();
        browser.Headers["traceparent"] = _telemetry.TraceParent;
        return browser;
    }

    private Task<TestApp> StartApp() =>
        TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.ConfigureWithIdToken(options);
            options.SaveTokens = true;
        }));

    private void AssertNoSecret(TestApp app, string idToken, string? failure = null)
    {
        // The PKCE verifier too: a secret of the sign-in (RFC 7636 §7.1) that only the token endpoint sees.
        var verifier = new ReceivedRequest(Assert.Single(_cognito.Provider.RequestsTo(FakeCognito.TokenPath)).RequestMessage!).Form["code_verifier"];
        string[] secrets = [FakeProvider.ClientSecret, "the-code", FakeProvider.AccessToken, FakeProvider.RefreshToken, idToken, idToken.Split('.')[2], verifier];
        var ours = app.Logs.Lines.Where(line => line.Category.StartsWith("OAuth2Generic", StringComparison.Ordinal)).ToList();
        Assert.Contains(ours, line => line.Message.Contains(_cognito.Provider.Host, StringComparison.Ordinal));
        Assert.True(LoggedTexts.HaveScopes(app.Logs), "No log line carried a scope: the scopes were not read.");

        // Every line, property and scope but the framework's request line, which shows the callback URL as the browser sent it.
        var texts = LoggedTexts.Of(app.Logs)
            .Append(failure ?? string.Empty)
            .Concat(TelemetryTexts());
        foreach (var text in texts)
        {
            SecretForms.AssertNoneIn(text, [.. secrets, .. SecretForms.OfBasicCredentials(FakeProvider.ClientId, FakeProvider.ClientSecret)]);
        }
    }

    // Every span of the trace (the package's, ASP.NET Core's and System.Net's) and every metric point.
    private IEnumerable<string> TelemetryTexts()
    {
        Assert.NotNull(_telemetry);
        Assert.Contains(_telemetry.Spans, span => span.OperationName == "oauth2generic.signing_keys");
        Assert.NotEmpty(_telemetry.PointsOf("oauth2generic.sign_ins"));
        return _telemetry.AllText();
    }
}
