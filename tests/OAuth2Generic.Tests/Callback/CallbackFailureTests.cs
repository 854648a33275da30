using System.Net;

namespace OAuth2Generic.Tests.Callback;

/// <summary>
/// A callback that cannot be trusted (a missing, garbage or tampered state, a lost correlation cookie) or that
/// carries the provider's error ends the sign-in before any code is exchanged, with a clear message and no principal.
/// </summary>
public sealed class CallbackFailureTests : FailedSignInTests
{
    private const string StateInvalidMessage =
        "The oauth state was missing or invalid: it could not be unprotected. The servers may not share their Data Protection key ring, the key ring may have changed since the challenge, or the state was altered.";

    // A callback that cannot be trusted is the callback step's failure, with its own reason, and a 400 when unhandled.
    private static void AssertCallbackFailure(Exception exception, string reason)
    {
        var failure = Assert.IsType<OAuth2GenericException>(exception);
        Assert.Equal(FailureStep.Callback, failure.Step);
        Assert.Equal(reason, failure.Reason);
        Assert.False(failure.IsTransient);
    }

    // The repeated callback of a signed-in browser: the failure is recorded, and the session from the first callback stays.
    private static async Task<Exception> AssertFailedSignedIn(TestApp app, HttpResponseMessage callback)
    {
        await callback.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        return Assert.Single(app.Failures);
    }

    [Theory]
    [InlineData("?code=the-code", OAuth2GenericFailureReasons.CallbackInvalid, "The oauth state was missing or invalid: the callback carries no state.")]
    [InlineData("?code=the-code&state=", OAuth2GenericFailureReasons.CallbackInvalid, "The oauth state was missing or invalid: the callback carries no state.")]
    [InlineData("?code=the-code&state=not-a-protected-state", OAuth2GenericFailureReasons.StateInvalid, StateInvalidMessage)]
    public async Task A_missing_or_garbage_state_fails_before_the_token_endpoint_is_called(string query, string reason, string message)
    {
        Provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");

        using var callback = await browser.CallbackAsync(authorizeUrl, query);

        AssertCallbackFailure(await AssertFailed(app, browser, callback, message), reason);
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

        AssertCallbackFailure(await AssertFailed(app, browser, callback, StateInvalidMessage), OAuth2GenericFailureReasons.StateInvalid);
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

        var failure = await AssertFailed(app, otherBrowser, callback, expectedMessage: null, expectedPrefix: "Correlation failed: the browser did not send the correlation cookie.");
        AssertCallbackFailure(failure, OAuth2GenericFailureReasons.CorrelationCookieMissing);
        Assert.Empty(Provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task A_correlation_cookie_that_does_not_match_the_state_is_told_apart_from_a_missing_one()
    {
        Provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");
        browser.SetCookie(Assert.Single(browser.Cookies.Keys, name => name.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal)), "not-the-marker");

        using var callback = await browser.CallbackWithStateAsync(authorizeUrl, "code=c");

        AssertCallbackFailure(
            await AssertFailed(app, browser, callback, "Correlation failed: the correlation cookie does not match the state."),
            OAuth2GenericFailureReasons.CorrelationInvalid);
        Assert.Empty(Provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task A_callback_brought_back_after_it_signed_the_user_in_is_a_repeated_callback_not_a_cookie_problem()
    {
        Provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");
        using (var first = await browser.CallbackWithStateAsync(authorizeUrl, $"code={Code}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        Assert.NotNull(await browser.ClaimsAsync());

        // The back button, or a reload of the callback page: the same URL again, from the same, now signed-in, browser.
        using var again = await browser.CallbackWithStateAsync(authorizeUrl, $"code={Code}");

        var failure = await AssertFailedSignedIn(app, again);
        AssertCallbackFailure(failure, OAuth2GenericFailureReasons.CallbackRepeated);
        Assert.StartsWith("Correlation failed: this callback was already used to sign in", failure.Message, StringComparison.Ordinal);
        Assert.Single(Provider.RequestsTo("/oauth/token"));
    }

    [Fact]
    public async Task A_callback_with_a_state_and_neither_a_code_nor_an_error_is_an_invalid_callback()
    {
        Provider.Working();
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");

        using var callback = await browser.CallbackWithStateAsync(authorizeUrl, "session_state=x");

        AssertCallbackFailure(
            await AssertFailed(app, browser, callback, "Code was not found: the callback carries neither a code nor an error."),
            OAuth2GenericFailureReasons.CallbackInvalid);
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
        Assert.Equal(FailureStep.Authorization, failure.Step);
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
