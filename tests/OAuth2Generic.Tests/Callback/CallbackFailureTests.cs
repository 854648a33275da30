using System.Net;

namespace OAuth2Generic.Tests.Callback;

/// <summary>
/// A callback that cannot be trusted (a missing, garbage or tampered state, a lost correlation cookie) or that
/// carries the provider's error ends the sign-in before any code is exchanged, with a clear message and no principal.
/// </summary>
public sealed class CallbackFailureTests : FailedSignInTests
{
    [Theory]
    [InlineData("?code=the-code")]
    [InlineData("?code=the-code&state=")]
    [InlineData("?code=the-code&state=not-a-protected-state")]
    public async Task A_missing_or_garbage_state_fails_before_the_token_endpoint_is_called(string query)
    {
        Provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");

        using var callback = await browser.CallbackAsync(authorizeUrl, query);

        await AssertFailed(app, browser, callback, "The oauth state was missing or invalid.");
        Assert.Empty(Provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task A_tampered_state_fails_before_the_token_endpoint_is_called()
    {
        Provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");
        var state = BrowserSession.Parameters(authorizeUrl)["state"];
        var tampered = state[..^4] + (state[^4] == 'A' ? 'B' : 'A') + state[^3..];

        using var callback = await browser.CallbackAsync(authorizeUrl, $"?code=c&state={Uri.EscapeDataString(tampered)}");

        await AssertFailed(app, browser, callback, "The oauth state was missing or invalid.");
        Assert.Empty(Provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task A_lost_correlation_cookie_is_a_clean_failure()
    {
        Provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");

        // Another browser (no correlation cookie) brings the same callback back.
        var otherBrowser = app.NewSession();
        using var callback = await otherBrowser.CallbackWithStateAsync(authorizeUrl, "code=c");

        await AssertFailed(app, otherBrowser, callback, "Correlation failed.");
        Assert.Empty(Provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task AProvider_error_keeps_its_code_description_and_uri()
    {
        Provider.Working();
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
        Assert.Empty(Provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task Access_denied_keeps_its_description_when_no_AccessDeniedPath_is_set()
    {
        Provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();

        using var callback = await browser.ReturnFromProviderAsync("idp", "error=access_denied&error_description=User+cancelled");

        await AssertFailed(app, browser, callback, "The authorization server returned error \"access_denied\" (User cancelled).");
    }

    [Fact]
    public async Task Access_denied_goes_to_the_AccessDeniedPath_when_one_is_set()
    {
        Provider.Working();
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
        Provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();

        using var callback = await browser.ReturnFromProviderAsync("idp", $"code={Code}&error=server_error");

        await AssertFailed(app, browser, callback, "The authorization server returned error \"server_error\".");
        Assert.Empty(Provider.RequestsTo("/oauth/token"));
    }
}
