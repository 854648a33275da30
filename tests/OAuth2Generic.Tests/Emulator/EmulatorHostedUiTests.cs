using System.Net;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>The emulator's <c>/oauth2/authorize</c> and login form: what they accept, and what they refuse as Cognito does.</summary>
public sealed class EmulatorHostedUiTests
{
    private static string Query(CognitoEmulator emulator, string? extra = null) => EmulatorBrowser.AuthorizeQuery(emulator.ClientId, extra: extra);

    [Fact]
    public async Task A_correct_login_redirects_to_the_callback_with_a_code_and_the_state()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        var answer = await browser.LoginAsync(Query(emulator), "alice", "Alice-Pa55");

        Assert.StartsWith(EmulatorBrowser.RedirectUri + "?", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var parameters = EmulatorBrowser.Parameters(answer);
        Assert.Equal("the-state", parameters["state"]);
        Assert.Equal(64, parameters["code"].Length);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_goes_to_the_error_page_with_redirect_mismatch()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        var answer = await browser.GetAsync("/oauth2/authorize?" + EmulatorBrowser.AuthorizeQuery(emulator.ClientId, "http://127.0.0.1:5999/signin-cognito/"));

        Assert.StartsWith("/error?error=redirect_mismatch", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = await browser.GetAsync(answer.Headers.Location.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("redirect_mismatch", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_page_and_the_error_page_refuse_to_be_framed()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var authorize = await browser.GetAsync("/oauth2/authorize?" + Query(emulator));
        var mismatch = await browser.GetAsync("/oauth2/authorize?" + EmulatorBrowser.AuthorizeQuery(emulator.ClientId, "http://127.0.0.1:5999/elsewhere"));

        using var login = await browser.GetAsync(authorize.Headers.Location!.OriginalString);
        using var error = await browser.GetAsync(mismatch.Headers.Location!.OriginalString);

        // A page that can be framed can be clickjacked: the hosted UI's own pages say DENY, in both headers browsers read.
        foreach (var page in new[] { login, error })
        {
            Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
            Assert.Equal("DENY", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("frame-ancestors 'none'", Assert.Single(page.Headers.GetValues("Content-Security-Policy")));
        }
    }

    [Fact]
    public async Task An_unknown_client_goes_to_the_error_page()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        var answer = await browser.GetAsync("/oauth2/authorize?" + EmulatorBrowser.AuthorizeQuery("no-such-client"));

        Assert.StartsWith("/error?error=invalid_request", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scope=openid+admin", "invalid_scope")]
    [InlineData("scope=email", "invalid_scope")]
    [InlineData("code_challenge=abc&code_challenge_method=plain", "invalid_request")]
    [InlineData("code_challenge_method=S256", "invalid_request")]
    [InlineData("identity_provider=Google", "invalid_request")]
    [InlineData("idp_identifier=example.com", "invalid_request")]
    [InlineData("prompt=sometimes", "invalid_request")]
    [InlineData("state=again", "invalid_request")]
    public async Task A_bad_parameter_returns_to_the_callback_with_the_error(string extra, string error)
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        var answer = await browser.GetAsync("/oauth2/authorize?" + Query(emulator, extra));

        Assert.StartsWith(EmulatorBrowser.RedirectUri + "?", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var parameters = EmulatorBrowser.Parameters(answer);
        Assert.Equal(error, parameters["error"]);
        Assert.DoesNotContain("code", parameters.Keys);
    }

    [Fact]
    public async Task A_response_type_other_than_code_is_unsupported()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        var answer = await browser.GetAsync("/oauth2/authorize?" + Query(emulator).Replace("response_type=code", "response_type=token", StringComparison.Ordinal));

        Assert.Equal("unsupported_response_type", EmulatorBrowser.Parameters(answer)["error"]);
    }

    [Fact]
    public async Task A_public_client_must_send_a_code_challenge()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options =>
            options.Clients.Add(new CognitoEmulatorClient { ClientId = "public-client", CallbackUrls = [EmulatorBrowser.RedirectUri] }));
        using var browser = new EmulatorBrowser(emulator);

        var answer = await browser.GetAsync("/oauth2/authorize?" + EmulatorBrowser.AuthorizeQuery("public-client"));

        var parameters = EmulatorBrowser.Parameters(answer);
        Assert.Equal("invalid_request", parameters["error"]);
        Assert.Contains("PKCE", parameters["error_description"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", "wrong-password")]
    [InlineData("nobody", "Alice-Pa55")]
    [InlineData("Alice", "Alice-Pa55")]
    public async Task Wrong_credentials_show_the_form_again_with_Cognitos_message(string username, string password)
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        var answer = await browser.LoginAsync(Query(emulator), username, password);

        // Post/Redirect/Get: the post is answered with a redirect to the form, so Back never resubmits it.
        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        var location = answer.Headers.Location!.OriginalString;
        Assert.StartsWith("/login?", location, StringComparison.Ordinal);
        Assert.DoesNotContain(password, location, StringComparison.Ordinal);
        var form = await browser.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var page = await form.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Incorrect username or password.", page, StringComparison.Ordinal);
        Assert.Contains("name=\"password\"", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{username}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(password, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_after_a_failed_login_posts_the_authorization_request_alone_and_signs_in()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var failed = await browser.LoginAsync(Query(emulator, "login_hint=bob"), "alice", "wrong-password");
        var form = await (await browser.GetAsync(failed.Headers.Location!.OriginalString)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var answer = await browser.SubmitAsync(form, "alice", "Alice-Pa55");

        Assert.Contains("value=\"alice\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("login_error", EmulatorBrowser.FormAction(form), StringComparison.Ordinal);
        Assert.Equal("the-state", EmulatorBrowser.Parameters(answer)["state"]);
        Assert.Contains("code", EmulatorBrowser.Parameters(answer).Keys);
    }

    [Fact]
    public async Task The_login_page_shows_only_its_own_messages_whatever_the_query_says()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        var page = await (await browser.GetAsync("/login?" + Query(emulator, "login_error=Call+0800+now"))).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain("0800", page, StringComparison.Ordinal);
        Assert.DoesNotContain("login-error", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_the_forms_csrf_token_is_not_a_login()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        var authorize = await browser.GetAsync("/oauth2/authorize?" + Query(emulator));
        var form = await (await browser.GetAsync(authorize.Headers.Location!.OriginalString)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var answer = await browser.SubmitAsync(form, "alice", "Alice-Pa55", csrf: "forged");

        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.DoesNotContain("code=", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var again = await browser.GetAsync(answer.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("session has expired", await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Null(browser.Cookies.GetAllCookies()["cognito"]);
    }

    [Fact]
    public async Task A_login_post_that_is_not_a_form_shows_the_form_again()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.Url + "/login?" + Query(emulator)) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };

        using var http = new HttpClient();
        var answer = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("name=\"password\"", await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_hint_fills_in_the_user_name()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        var authorize = await browser.GetAsync("/oauth2/authorize?" + Query(emulator, "login_hint=bob"));
        var page = await (await browser.GetAsync(authorize.Headers.Location!.OriginalString)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains("value=\"bob\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_login_the_session_gives_a_code_without_the_form_until_prompt_login()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);
        await browser.LoginAsync(Query(emulator), "alice", "Alice-Pa55");

        var again = await browser.GetAsync("/oauth2/authorize?" + Query(emulator));
        var forced = await browser.GetAsync("/oauth2/authorize?" + Query(emulator, "prompt=login"));

        Assert.Contains("code", EmulatorBrowser.Parameters(again).Keys);
        Assert.StartsWith("/login?", forced.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_session_ends_after_HostedUiSessionLifetime_and_the_form_is_shown_again()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync(options => options.TimeProvider = clock);
        using var browser = new EmulatorBrowser(emulator);
        await browser.LoginAsync(Query(emulator), "alice", "Alice-Pa55");

        clock.Advance(TimeSpan.FromMinutes(59));
        var withinTheHour = await browser.GetAsync("/oauth2/authorize?" + Query(emulator));
        clock.Advance(TimeSpan.FromMinutes(1));
        var pastTheHour = await browser.GetAsync("/oauth2/authorize?" + Query(emulator));
        var silent = await browser.GetAsync("/oauth2/authorize?" + Query(emulator, "prompt=none"));

        Assert.Contains("code", EmulatorBrowser.Parameters(withinTheHour).Keys);
        Assert.StartsWith("/login?", pastTheHour.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("login_required", EmulatorBrowser.Parameters(silent)["error"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_HostedUiSessionLifetime_that_is_not_positive_fails_the_start_and_names_the_option(int seconds)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => CognitoEmulator.StartAsync(
            options => options.HostedUiSessionLifetime = TimeSpan.FromSeconds(seconds), TestContext.Current.CancellationToken));

        Assert.Contains("HostedUiSessionLifetime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompt_none_without_a_session_answers_login_required()
    {
        await using var emulator = await EmulatorBrowser.StartEmulatorAsync();
        using var browser = new EmulatorBrowser(emulator);

        var answer = await browser.GetAsync("/oauth2/authorize?" + Query(emulator, "prompt=none"));

        Assert.Equal("login_required", EmulatorBrowser.Parameters(answer)["error"]);
    }
}
