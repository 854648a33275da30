using System.Net;
using Microsoft.Net.Http.Headers;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// One request of a page that makes many calls at once through an <c>AddUserAccessToken</c> client (<c>Task.WhenAll</c>),
/// against an API that refuses the token they all carry: the calls of the request share one refresh and one write of the
/// cookie, and none of them breaks the response.
/// </summary>
public sealed class ParallelCallsTests
{
    private const string CookieName = ".AspNetCore.Cookies";

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Sixteen_parallel_calls_refused_with_401_make_one_refresh_and_one_cookie_write_per_request_and_never_a_500()
    {
        await using var api = await EchoApi.StartAsync();
        await using var scenario = await RefreshOnValidationTests.SignInAsync(apiUrl: api.Url);

        for (var round = 1; round <= 100; round++)
        {
            var token = await scenario.TokenAsync();
            api.Refused["Bearer " + token.AccessToken] = true;

            using var page = await scenario.Browser.GetAsync("/parallel?count=16");

            Assert.True(page.StatusCode == HttpStatusCode.OK, $"round {round}: the page answered {(int)page.StatusCode}");
            Assert.Equal(Enumerable.Repeat("200", 16), (await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split(' '));
            Assert.Equal(round, scenario.Emulator.RefreshRequests);
            var writes = page.Headers.TryGetValues(HeaderNames.SetCookie, out var cookies)
                ? cookies.Count(cookie => cookie.StartsWith(CookieName + "=", StringComparison.Ordinal))
                : 0;
            Assert.True(writes <= 1, $"round {round}: the response wrote the authentication cookie {writes} times");

            // The next round's refusal is another forced refresh, which the session allows once per RefreshRetryDelay.
            scenario.Time.Advance(OAuth2GenericDefaults.RefreshRetryDelay + TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task Sixteen_parallel_calls_whose_refresh_token_was_revoked_end_the_session_once_and_remove_the_cookie_once()
    {
        await using var api = await EchoApi.StartAsync();
        await using var scenario = await RefreshOnValidationTests.SignInAsync(apiUrl: api.Url);
        var token = await scenario.TokenAsync();
        api.Refused["Bearer " + token.AccessToken] = true;
        scenario.Emulator.GlobalSignOut("alice");

        using var page = await scenario.Browser.GetAsync("/parallel?count=16");

        // A call whose first read of the token comes after the session ended is not sent (WhenUnavailable = Throw).
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.All(
            (await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split(' '),
            answer => Assert.Contains(answer, new[] { "401", nameof(UserAccessTokenStatus.SessionEnded) }));
        Assert.Equal(1, scenario.Emulator.RefreshRequests);
        var removals = page.Headers.GetValues(HeaderNames.SetCookie).Count(cookie => cookie.StartsWith(CookieName + "=", StringComparison.Ordinal));
        Assert.Equal(1, removals);
        Assert.Single(scenario.App.Logs.Lines, line => line.Message.StartsWith("A session of scheme Cognito ended at the refresh of its tokens", StringComparison.Ordinal));
    }
}
