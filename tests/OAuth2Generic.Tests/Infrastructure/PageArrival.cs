using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OAuth2Generic.Tests;

/// <summary>
/// Waits for the browser to arrive at a page by polling what the page shows (its URL, then its document) rather than by
/// Playwright's load event.
/// </summary>
/// <remarks>
/// <c>WaitForURLAsync</c> waits for the page's <c>load</c> event once the URL matches. On a busy two-core CI machine that
/// event was seen not to come within a minute after a sign-in's redirects, although the page was there and the network
/// idle (the wait's log: only <c>"networkidle" event fired</c>). A page the tests read is complete once its document is
/// parsed: its text is there. (The sample's stylesheet may come after that: the checks of its layout wait for the load.)
/// </remarks>
internal static class PageArrival
{
    /// <summary>Waits until the page's URL is exactly <paramref name="url"/> and its document is parsed.</summary>
    public static Task ArriveAtAsync(this IPage page, string url) =>
        page.ArriveAtAsync(new Regex("^" + Regex.Escape(url) + "$", RegexOptions.None, TimeSpan.FromSeconds(1)));

    /// <summary>Waits until the page's URL matches <paramref name="url"/> and its document is parsed.</summary>
    public static async Task ArriveAtAsync(this IPage page, Regex url)
    {
        await Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = BrowserFixture.TimeoutMilliseconds });
        await page.WaitForFunctionAsync("() => document.readyState !== 'loading'");
    }

    /// <summary>A pattern for the URLs that start with <paramref name="prefix"/>.</summary>
    public static Regex StartingWith(string prefix) => new("^" + Regex.Escape(prefix), RegexOptions.None, TimeSpan.FromSeconds(1));
}
