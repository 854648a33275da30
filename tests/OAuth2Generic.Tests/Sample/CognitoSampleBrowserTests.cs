using System.Text.RegularExpressions;
using CognitoSample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Sample;

/// <summary>
/// A real browser through the sample app (its own pipeline, on Kestrel at 127.0.0.1) and the Cognito emulator it starts
/// when no Cognito settings are given: what a newcomer who runs the sample sees.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class CognitoSampleBrowserTests(BrowserFixture browser)
{
    private sealed record Sample(WebApplication App, string Url, CognitoEmulator Emulator, CapturedLogs Logs) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    /// <param name="time">The clock of the sample and of its emulator; the system's when not given.</param>
    private static async Task<Sample> StartSampleAsync(TimeProvider? time = null)
    {
        // In place of the console: the sample's own log filters decide what reaches it, as they decide for the console.
        var logs = new CapturedLogs();
        // The emulator by the explicit switch rather than by the Development environment, whose user secrets could point
        // the sample at a developer's real user pool; the sample's folder as the content root, for its wwwroot.
        var app = await SampleApp.BuildAsync(["--urls", "http://127.0.0.1:0", "--contentRoot", SampleFolder, "--Sample:UseEmulator=true"], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        }, time);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Sample(app, url, app.Services.GetRequiredService<SignInTarget>().Emulator!, logs);
    }

    /// <summary>The sample's project folder: its content root, with the stylesheet and the icon in <c>wwwroot</c>.</summary>
    private static string SampleFolder => Path.Combine(Documentation.MarkdownCodeBlocks.RepositoryRoot, "samples", "CognitoSample");

    /// <summary>The emulator's login page, whatever the authorize request's parameters.</summary>
    private static Regex LoginPage(Sample sample) => PageArrival.StartingWith(sample.Emulator.Url + "/login?");

    private static async Task LogInAsync(IPage page, string username, string password)
    {
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private static async Task<IPage> SignInAsync(IBrowserContext context, Sample sample, string username = "alice", string password = "Alice-Pa55")
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(sample.Url + "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.ArriveAtAsync(LoginPage(sample));
        await LogInAsync(page, username, password);
        await page.ArriveAtAsync(sample.Url + "/claims");
        return page;
    }

    [Fact]
    public async Task A_demo_user_signs_in_with_the_emulator_and_sees_email_and_roles()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(sample.Url + "/");
        var banner = await page.Locator("#emulator-banner").InnerTextAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.ArriveAtAsync(LoginPage(sample));
        await LogInAsync(page, "alice", "Alice-Pa55");
        await page.ArriveAtAsync(sample.Url + "/claims");

        Assert.Contains("Cognito emulator", banner, StringComparison.Ordinal);
        Assert.Contains("because Sample:UseEmulator is true", banner, StringComparison.Ordinal);
        Assert.Equal("admins, staff", await page.Locator("#roles").InnerTextAsync());
        Assert.Equal("yes", await page.Locator("#is-admin").InnerTextAsync());
        var claims = await page.Locator("#claims").InnerTextAsync();
        Assert.Contains("alice@example.com", claims, StringComparison.Ordinal);
        Assert.Contains("custom:team\tblue", claims, StringComparison.Ordinal);
        Assert.Equal(1, sample.Emulator.TokenRequests);
    }

    [Fact]
    public async Task The_service_page_calls_the_samples_API_with_a_client_credentials_token()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(sample.Url + "/");
        await page.Locator("#service").ClickAsync();
        await page.ArriveAtAsync(sample.Url + "/service");

        Assert.Equal("200", await page.Locator("#api-status").InnerTextAsync());
        using var answer = System.Text.Json.JsonDocument.Parse(await page.Locator("#api-answer").InnerTextAsync());
        Assert.Equal("order-1001", answer.RootElement.GetProperty("orders")[0].GetString());
        Assert.Equal("sampleordersservice00000001", answer.RootElement.GetProperty("caller").GetString());
        Assert.Equal(1, sample.Emulator.TokenRequests);
    }

    [Fact]
    public async Task The_samples_API_refuses_a_call_without_a_token_and_the_users_cookie()
    {
        await using var sample = await StartSampleAsync();
        using var client = new HttpClient();

        using var response = await client.GetAsync(sample.Url + "/api/orders", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task Opening_the_claims_page_signed_out_asks_Cognito_to_sign_in_and_comes_back_to_it()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(sample.Url + "/claims");
        await page.ArriveAtAsync(LoginPage(sample));
        await LogInAsync(page, "bob", "Bob-Pa55");
        await page.ArriveAtAsync(sample.Url + "/claims");

        Assert.Equal("none", await page.Locator("#roles").InnerTextAsync());
        Assert.Contains("bob@example.com", await page.Locator("#claims").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_lands_on_the_signed_out_page_and_ends_the_hosted_ui_session()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var page = await SignInAsync(context, sample);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.ArriveAtAsync(sample.Url + "/signed-out");
        var status = await page.Locator("#status").InnerTextAsync();
        var signOutButtons = await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).CountAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in again" }).ClickAsync();
        await page.ArriveAtAsync(LoginPage(sample));

        Assert.Equal("You are signed out.", status);
        Assert.Equal(0, signOutButtons);
        Assert.True(await page.GetByLabel("Password").IsVisibleAsync(), "after signing out, signing in again asks for the password");
    }

    [Fact]
    public async Task Signing_in_and_out_logs_a_few_lines_and_no_code_state_or_token()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var callbacks = new List<string>();
        context.Request += (_, request) =>
        {
            if (CallbackUrl().IsMatch(request.Url))
            {
                callbacks.Add(request.Url);
            }
        };
        var page = await SignInAsync(context, sample);
        var callback = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(Assert.Single(callbacks)).Query);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.ArriveAtAsync(sample.Url + "/signed-out");
        await sample.App.StopAsync(TestContext.Current.CancellationToken);

        var lines = sample.Logs.Lines;
        var text = string.Join('\n', lines.Select(line => $"{line.Category}: {line.Message} {line.Exception}"));
        Assert.InRange(lines.Count, 1, 20);
        Assert.Contains(lines, line => line.Category == "CognitoSample" && line.Message.Contains("Cognito emulator", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && line.Level < LogLevel.Warning);
        Assert.DoesNotContain("code=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("state=", text, StringComparison.Ordinal);
        Assert.DoesNotContain(callback["code"].ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain(callback["state"].ToString(), text, StringComparison.Ordinal);
        // The emulator's access and id tokens are JWTs: base64url JSON, which begins "eyJ".
        Assert.DoesNotContain("eyJ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pressing_back_after_signing_in_neither_fails_nor_signs_in_a_second_time()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var page = await SignInAsync(context, sample);
        // Playwright raises Response on its own thread, possibly while the assertion below reads the statuses.
        var statuses = new System.Collections.Concurrent.ConcurrentQueue<int>();
        page.Response += (_, response) => statuses.Enqueue(response.Status);

        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.ArriveAtAsync(sample.Url + "/claims");

        Assert.DoesNotContain(statuses, status => status >= 500);
        Assert.Equal(sample.Url + "/claims", page.Url);
        Assert.Contains("Signed in as", await page.Locator("#status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, sample.Emulator.TokenRequests);
    }

    [Fact]
    public async Task A_wrong_password_stays_on_the_login_page_with_Cognitos_message()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(sample.Url + "/signin");
        await page.ArriveAtAsync(LoginPage(sample));

        await LogInAsync(page, "alice", "not-her-password");
        await page.Locator("#login-error").WaitForAsync();

        Assert.StartsWith(sample.Emulator.Url + "/login?", page.Url, StringComparison.Ordinal);
        Assert.Equal("Incorrect username or password.", await page.Locator("#login-error").InnerTextAsync());
        Assert.Equal("alice", await page.GetByLabel("Username").InputValueAsync());
        Assert.Equal(0, sample.Emulator.TokenRequests);
        await SaveScreenshotAsync(page, "emulator-login-error.png");
    }

    [Fact]
    public async Task After_a_wrong_password_and_a_sign_in_Back_goes_through_the_login_pages_without_sending_a_form_again()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(sample.Url + "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.ArriveAtAsync(LoginPage(sample));
        await LogInAsync(page, "alice", "not-her-password");
        await page.Locator("#login-error").WaitForAsync();
        await LogInAsync(page, "alice", "Alice-Pa55");
        await page.ArriveAtAsync(sample.Url + "/claims");

        // Each Back reaches a login page by GET; the emulator's session sends it on to the claims page, signed in. A
        // browser that finds a POST there asks "Confirm Form Resubmission"; the one Playwright drives sends it again.
        var sent = new List<string>();
        page.Request += (_, request) => sent.Add($"{request.Method} {new Uri(request.Url).AbsolutePath}");
        for (var back = 1; back <= 2; back++)
        {
            var response = await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
            await page.ArriveAtAsync(sample.Url + "/claims");

            Assert.True(response is not null, $"Back #{back} did not load a page");
            Assert.Equal(sample.Url + "/claims", page.Url);
            Assert.Contains("Signed in as", await page.Locator("#status").InnerTextAsync(), StringComparison.Ordinal);
        }

        Assert.Contains("GET /login", sent);
        Assert.DoesNotContain(sent, request => request.StartsWith("POST", StringComparison.Ordinal));
        Assert.Equal(1, sample.Emulator.TokenRequests);
    }

    [Fact]
    public async Task An_unknown_identity_provider_ends_on_a_readable_error_page()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(sample.Url + "/signin?identity_provider=Google");

        Assert.Equal(400, response!.Status);
        Assert.Matches(CallbackUrl(), page.Url);
        var error = await page.Locator("#sign-in-error").InnerTextAsync();
        Assert.Contains("not because of anything you did", error, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid_request", await page.ContentAsync(), StringComparison.Ordinal);
        // The technical reason is for the log.
        var reason = Assert.Single(sample.Logs.Lines, line => line.Level == LogLevel.Warning && line.Category.StartsWith("OAuth2Generic", StringComparison.Ordinal)).Message;
        Assert.Contains("invalid_request", reason, StringComparison.Ordinal);
        Assert.Contains("identity_provider 'Google' is not enabled", reason, StringComparison.Ordinal);
        Assert.Equal(0, sample.Emulator.TokenRequests);
    }

    [Fact]
    public async Task A_stale_sign_in_link_says_so_in_words_and_logs_the_reason()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var page = await context.NewPageAsync();

        // A callback from a sign-in this browser did not start: a link opened elsewhere, or one whose cookie is gone.
        var response = await page.GotoAsync(sample.Url + "/signin-cognito?code=abc&state=not-a-state-this-app-issued");

        Assert.Equal(400, response!.Status);
        Assert.Equal(
            "This sign-in link has expired or was opened in another browser. Start again.",
            await page.Locator("#sign-in-error").InnerTextAsync());
        Assert.Equal(sample.Url + "/signin", await page.GetByRole(AriaRole.Link, new() { Name = "Start again" }).EvaluateAsync<string>("link => link.href"));
        Assert.Contains(sample.Logs.Lines, line => line.Message.Contains("The oauth state was missing or invalid", StringComparison.Ordinal));
        Assert.DoesNotContain("oauth state", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_sign_out_post_without_the_forms_token_gets_a_page_not_an_exception()
    {
        await using var sample = await StartSampleAsync();
        using var http = new HttpClient();

        var answer = await http.PostAsync(sample.Url + "/signout", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("sign-out form has expired", await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [GeneratedRegex("/signin-cognito\\?")]
    private static partial Regex CallbackUrl();
}
