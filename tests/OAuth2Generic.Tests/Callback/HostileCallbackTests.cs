using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.Callback;

/// <summary>
/// Callbacks an attacker or a confused browser sends, to an app that has no <c>OnRemoteFailure</c> handler: each ends
/// with no principal and no 500, and a bad state never reaches the token endpoint.
/// </summary>
public sealed class HostileCallbackTests : IDisposable
{
    private const string TokenPath = "/oauth/token";

    private readonly FakeProvider _provider = new FakeProvider().Working();

    public void Dispose() => _provider.Dispose();

    public static TheoryData<string, Func<string, string>> BadStates => new()
    {
        { "missing", _ => "code=c" },
        { "empty", _ => "code=c&state=" },
        { "garbage", _ => "code=c&state=not-a-protected-state" },
        { "tampered", state => $"code=c&state={Uri.EscapeDataString(state[..^6] + (state[^6] == 'A' ? 'B' : 'A') + state[^5..])}" },
        { "truncated", state => $"code=c&state={Uri.EscapeDataString(state[..(state.Length / 2)])}" },
        { "64 KB", _ => $"code=c&state={new string('A', 64 * 1024)}" },
        { "repeated", state => $"code=c&state={Uri.EscapeDataString(state)}&state={Uri.EscapeDataString(state)}" },
        { "64 KB code", _ => $"code={new string('c', 64 * 1024)}&state=x" },
        { "64 KB other parameter", _ => $"code=c&state=x&padding={new string('p', 64 * 1024)}" },
    };

    [Theory]
    [MemberData(nameof(BadStates))]
    public async Task A_bad_state_is_a_400_and_never_reaches_the_token_endpoint(string name, Func<string, string> callbackQuery)
    {
        Assert.NotEmpty(name);
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");
        var state = BrowserSession.Parameters(authorizeUrl)["state"];

        using var callback = await browser.CallbackAsync(authorizeUrl, "?" + callbackQuery(state));

        await AssertBadRequest(browser, callback);
        Assert.Empty(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task A_state_issued_for_another_scheme_is_refused()
    {
        await using var app = await TestApp.StartAsync(
            auth => auth
                .AddOAuth2Generic("idp", _provider.Configure)
                .AddOAuth2Generic("other", _provider.Configure),
            recordFailures: false);
        var browser = app.NewSession();
        var otherState = BrowserSession.Parameters(await browser.ChallengeAsync("other"))["state"];

        using var callback = await browser.GetAsync($"/signin-idp?code=c&state={Uri.EscapeDataString(otherState)}");

        await AssertBadRequest(browser, callback);
        Assert.Empty(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task A_callback_without_the_browsers_correlation_cookie_is_refused()
    {
        await using var app = await StartApp();
        var victim = app.NewSession();
        var authorizeUrl = await victim.ChallengeAsync("idp");

        // The attacker's browser brings the victim's state, with a correlation cookie of its own sign-in.
        var attacker = app.NewSession();
        await attacker.ChallengeAsync("idp");
        using var callback = await attacker.CallbackWithStateAsync(authorizeUrl, "code=c");

        await AssertBadRequest(attacker, callback);
        Assert.Empty(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task A_repeated_code_is_refused_rather_than_joined()
    {
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");

        using var callback = await browser.CallbackWithStateAsync(authorizeUrl, "code=a&code=b");

        await AssertBadRequest(browser, callback);
        Assert.Empty(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task A_callback_with_both_a_code_and_an_error_is_the_error_and_exchanges_nothing()
    {
        await using var app = await StartApp();
        var browser = app.NewSession();

        using var callback = await browser.ReturnFromProviderAsync("idp", "code=c&error=server_error");

        Assert.Equal(HttpStatusCode.BadGateway, callback.StatusCode);
        Assert.Null(await browser.ClaimsAsync());
        Assert.Empty(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task Access_denied_is_a_403()
    {
        await using var app = await StartApp();
        var browser = app.NewSession();

        using var callback = await browser.ReturnFromProviderAsync("idp", "error=access_denied");

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.Null(await browser.ClaimsAsync());
    }

    [Fact]
    public async Task A_64_KB_error_description_fails_with_a_bounded_message()
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", _provider.Configure));
        var browser = app.NewSession();

        using var callback = await browser.ReturnFromProviderAsync("idp", $"error=server_error&error_description={new string('d', 64 * 1024)}");

        // Cut to 300 characters and an ellipsis, in the message and in ErrorDescription alike.
        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        var cut = new string('d', 300) + "…";
        Assert.Equal(cut, failure.ErrorDescription);
        Assert.Equal($"The authorization server returned error \"server_error\" ({cut}).", failure.Message);
    }

    [Fact]
    public async Task A_callback_replayed_after_success_signs_nobody_in_and_exchanges_no_code_again()
    {
        await using var app = await StartApp();
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");
        var state = Uri.EscapeDataString(BrowserSession.Parameters(authorizeUrl)["state"]);
        using var first = await browser.CallbackAsync(authorizeUrl, $"?code=c&state={state}");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        // The same browser again (its correlation cookie was used up), and a thief's browser with the stolen URL.
        using var again = await browser.CallbackAsync(authorizeUrl, $"?code=c&state={state}");
        var thief = app.NewSession();
        using var stolen = await thief.CallbackAsync(authorizeUrl, $"?code=c&state={state}");

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        await AssertBadRequest(thief, stolen);
        Assert.Single(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task A_callback_after_RemoteAuthenticationTimeout_is_refused_even_with_the_correlation_cookie()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(
            auth => auth.AddOAuth2Generic("idp", options =>
            {
                _provider.Configure(options);
                options.TimeProvider = clock;
            }),
            recordFailures: false);
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");

        clock.Advance(TimeSpan.FromMinutes(16));
        using var callback = await browser.CallbackWithStateAsync(authorizeUrl, "code=c");

        await AssertBadRequest(browser, callback);
        Assert.Empty(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task The_states_deadline_does_not_end_up_in_the_authentication_cookie()
    {
        await using var app = await StartApp();
        var browser = app.NewSession();
        await browser.SignInAsync("idp");

        using var ticket = await browser.GetAsync("/ticket");
        var record = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TicketRecord>(
            ticket.Content, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(".deadline", record!.Items.Keys);
        Assert.NotEmpty(record.Items);
    }

    [Fact]
    public async Task A_callback_with_a_state_and_no_code_is_refused()
    {
        await using var app = await StartApp();
        var browser = app.NewSession();

        using var callback = await browser.ReturnFromProviderAsync("idp", "session_state=x");

        await AssertBadRequest(browser, callback);
        Assert.Empty(_provider.RequestsTo(TokenPath));
    }

    [Fact]
    public async Task A_64_KB_code_with_a_good_state_goes_to_the_provider_which_refuses_it_cleanly()
    {
        _provider.Token(status: 400, body: """{"error":"invalid_grant"}""");
        await using var app = await StartApp();
        var browser = app.NewSession();

        var code = new string('c', 64 * 1024);

        using var callback = await browser.ReturnFromProviderAsync("idp", $"code={code}");

        // The provider received the whole code, as any other, and its refusal is the sign-in's clean failure.
        Assert.Equal(code, _provider.SingleRequestTo(TokenPath).Form["code"]);
        Assert.Equal(HttpStatusCode.BadGateway, callback.StatusCode);
        Assert.Null(await browser.ClaimsAsync());
    }

    [Fact]
    public async Task An_exception_from_the_applications_own_event_stays_the_applications()
    {
        await using var app = await TestApp.StartAsync(
            auth => auth.AddOAuth2Generic("idp", options =>
            {
                _provider.Configure(options);
                options.Events.OnCreatingTicket = _ => throw new InvalidOperationException("the database is down");
            }),
            recordFailures: false);
        var browser = app.NewSession();
        var authorizeUrl = await browser.ChallengeAsync("idp");

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => browser.CallbackWithStateAsync(authorizeUrl, "code=c"));

        Assert.Contains("the database is down", exception.ToString(), StringComparison.Ordinal);
    }

    private Task<TestApp> StartApp() =>
        TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", _provider.Configure), recordFailures: false);

    private static async Task AssertBadRequest(BrowserSession browser, HttpResponseMessage callback)
    {
        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal(
            "Sign-in failed: the sign-in request was invalid or has expired. Please start again.",
            await callback.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain(browser.Cookies.Keys, name => name == ".AspNetCore.Cookies");
        Assert.Null(await browser.ClaimsAsync());
    }
}
