using System.Net;
using static OAuth2Generic.Tests.UserTokens.RefreshProviderAnswerTests;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// docs/security.md §11, the refreshed tokens: what their types print (status and expiry, never a token), and that an
/// <c>AddUserAccessToken</c> client gives no new token to a 401 from a host a redirect led to.
/// </summary>
public sealed class RefreshPromiseTests
{
    private const string AccessToken = "access-token-that-must-not-print-7d1";
    private const string RefreshToken = "refresh-token-that-must-not-print-3a9";
    private const string IdToken = "id-token-that-must-not-print-5c2";
    private static readonly DateTimeOffset ExpiresAt = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static TheoryData<string, Func<object>, string> Printed => new()
    {
        { "UserAccessToken", () => UserAccessToken.Usable(AccessToken, ExpiresAt, UserAccessTokenStatus.Refreshed), "Refreshed, expires at 2030-01-02 03:04:05Z" },
        { "UserAccessToken without expiry", () => UserAccessToken.Usable(AccessToken, null, UserAccessTokenStatus.Valid), "Valid" },
        { "RefreshedTokens", () => new RefreshedTokens(AccessToken, RefreshToken, IdToken, "Bearer", ExpiresAt), "RefreshedTokens (expires at 2030-01-02 03:04:05Z)" },
        { "Redemption", () => new Redemption(new RefreshedTokens(AccessToken, RefreshToken, IdToken, "Bearer", ExpiresAt), null), "Redemption { Tokens = RefreshedTokens (expires at 2030-01-02 03:04:05Z), Failure = , EndsSession = False }" },
        { "SharedRedemption", () => SharedRedemption.From(new Redemption(new RefreshedTokens(AccessToken, RefreshToken, IdToken, "Bearer", ExpiresAt), null)), "SharedRedemption (expires at 2030-01-02 03:04:05Z)" },
        { "SharedRedemption of a refusal", () => new SharedRedemption(null, null, null, null, null, Refused: true), "SharedRedemption (refused)" },
    };

    [Theory]
    [MemberData(nameof(Printed))]
    public void A_refreshed_token_type_prints_its_status_and_expiry_only(string type, Func<object> make, string printed)
    {
        Assert.NotEmpty(type);

        var text = make().ToString()!;

        Assert.Equal(printed, text);
        SecretForms.AssertNoneIn(text, [AccessToken, RefreshToken, IdToken]);
    }

    [Theory]
    [InlineData(UserAccessTokenStatus.NotSignedIn)]
    [InlineData(UserAccessTokenStatus.NoToken)]
    [InlineData(UserAccessTokenStatus.Expired)]
    public async Task An_AddUserAccessToken_client_without_a_token_throws_an_exception_that_names_the_status_and_nothing_else(UserAccessTokenStatus status)
    {
        await using var scenario = await SignInGenericAsync(options =>
        {
            // Without saved tokens there is nothing to refresh either (RefreshSavedTokens needs SaveTokens).
            options.SaveTokens = options.RefreshSavedTokens = status != UserAccessTokenStatus.NoToken;
        });
        var browser = scenario.Browser;
        switch (status)
        {
            case UserAccessTokenStatus.NotSignedIn:
                browser = new BrowserSession(scenario.App.Client);
                break;
            case UserAccessTokenStatus.Expired:
                scenario.RefreshAnswers(503, """{"error":"temporarily_unavailable"}""");
                scenario.Time.Advance(TimeSpan.FromMinutes(61));
                break;
        }

        using var call = await browser.GetAsync("/call");

        // The app's page writes the exception's status and message: the fixed sentence of that status, no token.
        var text = await call.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, call.StatusCode);
        Assert.Equal($"{status}: {new UserAccessTokenUnavailableException(status).Message}", text);
        SecretForms.AssertNoneIn(text, [FakeProvider.AccessToken, FakeProvider.RefreshToken, RefreshedAccessToken]);
    }

    [Fact]
    public async Task A_401_from_the_host_a_redirect_led_to_gets_no_new_token_and_is_not_sent_again()
    {
        await using var scenario = await SignInGenericAsync();
        await using var elsewhere = await EchoApi.StartAsync();
        elsewhere.Refused[string.Empty] = true;
        elsewhere.Refused["Bearer " + FakeProvider.AccessToken] = true;

        using var call = await scenario.GetAsync("/call-url?url=" + Uri.EscapeDataString($"{scenario.Api.Url}/redirect?to={Uri.EscapeDataString(elsewhere.Url + "/data")}"));

        Assert.Equal(HttpStatusCode.Unauthorized, call.StatusCode);
        Assert.Single(elsewhere.Received);
        Assert.DoesNotContain(elsewhere.Received, header => header.Contains(FakeProvider.AccessToken, StringComparison.Ordinal));
        Assert.Equal(0, await scenario.RefreshRequestsAsync());
        Assert.DoesNotContain(scenario.App.Logs.Lines, line => line.EventId.Name == "UserAccessTokenRefused");
    }
}
