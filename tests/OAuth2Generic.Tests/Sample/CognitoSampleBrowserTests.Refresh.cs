using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Sample;

/// <summary>
/// The sample's <c>/my-orders</c>: its API called as the signed-in user, with the access token saved at the sign-in and
/// refreshed once it is due, the clocks of the sample and of its emulator moved past the token's expiry.
/// </summary>
public sealed partial class CognitoSampleBrowserTests
{
    /// <summary>The sample's cookie of what <c>/my-orders</c> saw at the last visit.</summary>
    private const string LastTokenCookieName = "sample.last-token";

    private static readonly TimeSpan PastExpiry = TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1);

    /// <summary>What <c>/my-orders</c> shows.</summary>
    private sealed record MyOrdersPage(string TokenStatus, DateTimeOffset ExpiresAt, string Changed, int Refreshes, int ApiStatus, JsonElement Answer)
    {
        public string TokenId => Answer.GetProperty("token").GetProperty("id").GetString()!;

        public DateTimeOffset TokenIssuedAt => ParseTime(Answer.GetProperty("token").GetProperty("issued_at").GetString()!);

        public DateTimeOffset TokenExpiresAt => ParseTime(Answer.GetProperty("token").GetProperty("expires_at").GetString()!);

        public static async Task<MyOrdersPage> ReadAsync(IPage page) => new(
            await page.Locator("#token-status").InnerTextAsync(),
            ParseTime(await page.Locator("#token-expires").InnerTextAsync()),
            (await page.Locator("#token-changed").GetAttributeAsync("data-changed"))!,
            int.Parse(await page.Locator("#refresh-count").InnerTextAsync(), CultureInfo.InvariantCulture),
            int.Parse(await page.Locator("#api-status").InnerTextAsync(), CultureInfo.InvariantCulture),
            JsonDocument.Parse(await page.Locator("#api-answer").InnerTextAsync()).RootElement.Clone());

        private static DateTimeOffset ParseTime(string text) =>
            DateTimeOffset.ParseExact(text, "u", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    [Fact]
    public async Task Past_the_expiry_the_API_gets_a_refreshed_token_and_after_a_global_sign_out_the_user_signs_in_again()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync(time);
        var page = await SignInAsync(context, sample);
        await page.GotoAsync(sample.Url + "/");
        await page.Locator("#my-orders").ClickAsync();
        await page.ArriveAtAsync(sample.Url + "/my-orders");
        var first = await MyOrdersPage.ReadAsync(page);

        time.Advance(PastExpiry);
        await page.GotoAsync(sample.Url + "/my-orders");
        var refreshed = await MyOrdersPage.ReadAsync(page);

        Assert.Equal(200, first.ApiStatus);
        Assert.Equal("Valid", first.TokenStatus);
        Assert.Equal(0, first.Refreshes);
        Assert.True(first.ExpiresAt < time.GetUtcNow(), "the clocks are past the first token's expiry");
        // The API accepted the token by its own clock, now past the first one's expiry: it got a new, valid one.
        Assert.Equal(200, refreshed.ApiStatus);
        Assert.Equal("alice", refreshed.Answer.GetProperty("user").GetString());
        Assert.Equal(CognitoEmulatorOptions.DefaultClientId, refreshed.Answer.GetProperty("caller").GetString());
        Assert.Contains("orders/read", refreshed.Answer.GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString()));
        Assert.NotEqual(first.TokenId, refreshed.TokenId);
        Assert.Equal(time.GetUtcNow(), refreshed.TokenIssuedAt, TimeSpan.FromSeconds(1));
        Assert.True(refreshed.TokenExpiresAt > time.GetUtcNow(), "the API saw a token that has not expired");
        // The cookie's validation refreshed it before the page asked for it, so the page reads it as Valid.
        Assert.Equal("Valid", refreshed.TokenStatus);
        Assert.Equal(refreshed.TokenExpiresAt, refreshed.ExpiresAt, TimeSpan.FromSeconds(1));
        Assert.Equal("yes", refreshed.Changed);
        Assert.Equal(1, refreshed.Refreshes);
        Assert.Equal(1, sample.Emulator.RefreshRequests);

        // AdminUserGlobalSignOut revokes the refresh token; by the next expiry the refresh is refused and the session ends.
        sample.Emulator.GlobalSignOut("alice");
        // Until then the access token is still valid to an API that checks it itself, as Cognito's revoked access
        // tokens are to a JWT library (only Cognito's own endpoints refuse them): the page still shows the orders.
        await page.GotoAsync(sample.Url + "/my-orders");
        var afterRevocation = await MyOrdersPage.ReadAsync(page);
        Assert.Equal((200, refreshed.TokenId, 1), (afterRevocation.ApiStatus, afterRevocation.TokenId, sample.Emulator.RefreshRequests));

        time.Advance(PastExpiry);
        // Cognito's hosted-UI session lasts an hour, so by now it has ended too: the user sees the login form.
        await page.GotoAsync(sample.Url + "/my-orders");
        await page.ArriveAtAsync(LoginPage(sample));

        Assert.True(await page.GetByLabel("Password").IsVisibleAsync(), "the user is asked to sign in again");
        Assert.Equal(2, sample.Emulator.RefreshRequests); // the one refused
        Assert.DoesNotContain(await context.CookiesAsync(), cookie => cookie.Name == ".AspNetCore.Cookies");

        await LogInAsync(page, "alice", "Alice-Pa55");
        await page.ArriveAtAsync(sample.Url + "/my-orders");
        var signedInAgain = await MyOrdersPage.ReadAsync(page);

        Assert.Equal(200, signedInAgain.ApiStatus);
        Assert.Equal(2, signedInAgain.Refreshes);
        Assert.Equal("yes", signedInAgain.Changed);
    }

    [Fact]
    public async Task After_alice_signs_out_bobs_first_visit_of_my_orders_on_the_same_browser_is_a_first_visit()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var page = await SignInAsync(context, sample, "alice", "Alice-Pa55");
        await page.GotoAsync(sample.Url + "/my-orders");
        var alicesFirst = await MyOrdersPage.ReadAsync(page);
        await page.GotoAsync(sample.Url + "/my-orders");
        var alicesSecond = await MyOrdersPage.ReadAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.ArriveAtAsync(sample.Url + "/signed-out");
        var afterSignOut = await context.CookiesAsync();

        await page.GotoAsync(sample.Url + "/signin");
        await page.ArriveAtAsync(LoginPage(sample));
        await LogInAsync(page, "bob", "Bob-Pa55");
        await page.ArriveAtAsync(sample.Url + "/claims");
        await page.GotoAsync(sample.Url + "/my-orders");
        var bobsFirst = await MyOrdersPage.ReadAsync(page);

        Assert.Equal(("unknown", "no"), (alicesFirst.Changed, alicesSecond.Changed));
        Assert.DoesNotContain(afterSignOut, cookie => cookie.Name == LastTokenCookieName);
        Assert.Equal("bob", bobsFirst.Answer.GetProperty("user").GetString());
        Assert.Equal(0, bobsFirst.Refreshes);
        Assert.Equal("unknown", bobsFirst.Changed);
        Assert.StartsWith("your first visit", await page.Locator("#token-changed").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_my_orders_remembers_is_for_the_user_who_saw_it_even_when_the_session_ended_without_a_sign_out()
    {
        await using var context = await browser.NewContextAsync();
        await using var sample = await StartSampleAsync();
        var page = await SignInAsync(context, sample, "alice", "Alice-Pa55");
        await page.GotoAsync(sample.Url + "/my-orders");
        // The sessions end (the sample's cookie and the hosted UI's are gone) but what /my-orders remembered stays.
        var remembered = Assert.Single(await context.CookiesAsync(), cookie => cookie.Name == LastTokenCookieName);
        await context.ClearCookiesAsync();
        await context.AddCookiesAsync([new() { Name = remembered.Name, Value = remembered.Value, Domain = remembered.Domain, Path = remembered.Path }]);

        await page.GotoAsync(sample.Url + "/signin");
        await page.ArriveAtAsync(LoginPage(sample));
        await LogInAsync(page, "bob", "Bob-Pa55");
        await page.ArriveAtAsync(sample.Url + "/claims");
        await page.GotoAsync(sample.Url + "/my-orders");
        var bobsFirst = await MyOrdersPage.ReadAsync(page);

        Assert.Equal("bob", bobsFirst.Answer.GetProperty("user").GetString());
        Assert.Equal("unknown", bobsFirst.Changed);
    }
}
