using Microsoft.Playwright;

namespace OAuth2Generic.Tests.Sample;

/// <summary>
/// Every page of the sample, signed out and signed in, its failures and its 404, at a phone's width and a desktop's:
/// none is wider than the screen. The README's screenshots are taken on the way.
/// </summary>
public sealed partial class CognitoSampleBrowserTests
{
    /// <summary>The screenshots the README shows; <c>UPDATE_DOCS=1</c> writes them to <c>docs/images</c>.</summary>
    private static readonly string[] ReadmeScreenshots = ["sample-claims-desktop.png", "sample-my-orders-phone.png"];

    /// <summary>A path segment with no place to break, longer than a phone's screen is wide.</summary>
    private static readonly string UnbreakableSegment = new('x', 120);

    [Theory]
    [InlineData("phone", 390, 844, true)]
    [InlineData("desktop", 1280, 800, false)]
    public async Task Every_page_fits_the_screen_of_a_phone_and_of_a_desktop(string device, int width, int height, bool mobile)
    {
        await using var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            IsMobile = mobile,
            HasTouch = mobile,
            DeviceScaleFactor = mobile ? 2 : 1,
        });
        await using var sample = await StartSampleAsync();
        var page = await context.NewPageAsync();
        var tooWide = new List<string>();
        var missing = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType != "document" && response.Status >= 400)
            {
                missing.Add($"{response.Status} {response.Url}");
            }
        };

        async Task CheckAsync(string what, string? screenshot = null)
        {
            tooWide.AddRange(await OverflowAsync(page, width, what));
            if (screenshot is not null)
            {
                await SaveScreenshotAsync(page, $"{screenshot}-{device}.png");
            }
        }

        // Signed out: the home page, the API as a service, a 404 and the failures.
        await page.GotoAsync(sample.Url + "/");
        await CheckAsync("home (signed out)", "sample-home");
        await page.GotoAsync(sample.Url + "/service");
        await CheckAsync("API as a service");
        var notFound = await page.GotoAsync($"{sample.Url}/no-such-page/{UnbreakableSegment}");
        Assert.Equal(404, notFound!.Status);
        await CheckAsync("404", "sample-not-found");
        await page.GotoAsync(sample.Url + "/signin-cognito?code=abc&state=not-a-state-this-app-issued");
        await CheckAsync("stale sign-in link");
        await page.GotoAsync(sample.Url + "/signin?identity_provider=Google");
        await page.ArriveAtAsync(CallbackUrl());
        await CheckAsync("unknown identity provider", "sample-sign-in-failed");
        await page.SetContentAsync($"""<form method="post" action="{sample.Url}/signout"><button>Sign out</button></form>""");
        await page.GetByRole(AriaRole.Button).ClickAsync();
        await page.ArriveAtAsync(sample.Url + "/signout");
        await CheckAsync("refused sign-out");

        // The emulator's login page, its error, then every page signed in.
        await page.GotoAsync(sample.Url + "/signin");
        await page.ArriveAtAsync(LoginPage(sample));
        await CheckAsync("login", "emulator-login");
        await LogInAsync(page, "alice", "not-her-password");
        await page.Locator("#login-error").WaitForAsync();
        await CheckAsync("login error");
        await LogInAsync(page, "alice", "Alice-Pa55");
        await page.ArriveAtAsync(sample.Url + "/claims");
        await CheckAsync("claims", "sample-claims");
        // The claims page names a URI claim type by its constant, with the full type on hover.
        var email = page.Locator("#claims abbr", new() { HasText = "ClaimTypes.Email" });
        Assert.Equal(System.Security.Claims.ClaimTypes.Email, await email.GetAttributeAsync("title"));
        await page.GotoAsync(sample.Url + "/");
        await CheckAsync("home (signed in)");
        await page.GotoAsync(sample.Url + "/my-orders");
        await CheckAsync("API as you", "sample-my-orders");
        await page.GotoAsync(sample.Url + "/service");
        await CheckAsync("API as a service (signed in)", "sample-service");
        Assert.True(tooWide.Count == 0, string.Join('\n', tooWide));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.ArriveAtAsync(sample.Url + "/signed-out");
        await CheckAsync("signed out", "sample-signed-out");
        var icon = await page.EvaluateAsync<int>("async () => (await fetch(document.querySelector('link[rel=icon]').href)).status");

        Assert.True(tooWide.Count == 0, string.Join('\n', tooWide));
        Assert.Equal(200, icon);
        Assert.Empty(missing);
    }

    /// <summary>
    /// What is wider than the screen once the page is laid out with its stylesheet: the page itself (it scrolls sideways)
    /// or any element reaching past the right edge. The page is laid out at the screen's width (on a phone that takes the
    /// viewport meta tag).
    /// </summary>
    private static async Task<IReadOnlyList<string>> OverflowAsync(IPage page, int width, string what)
    {
        // The stylesheet is in once the load event has come.
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
        var layout = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            () => ({
              innerWidth: window.innerWidth,
              clientWidth: document.documentElement.clientWidth,
              scrollWidth: document.documentElement.scrollWidth,
              overflowing: [...document.body.querySelectorAll('*')]
                .filter(element => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
                .map(element => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + ' ' + element.textContent.trim().slice(0, 40)),
            })
            """);

        var innerWidth = layout.GetProperty("innerWidth").GetInt32();
        var clientWidth = layout.GetProperty("clientWidth").GetInt32();
        var scrollWidth = layout.GetProperty("scrollWidth").GetInt32();
        var overflowing = layout.GetProperty("overflowing").EnumerateArray().Select(element => element.GetString()).ToList();
        var problems = new List<string>();
        if (innerWidth != width)
        {
            problems.Add($"The {what} page is laid out {innerWidth} px wide on a screen of {width} px.");
        }

        if (scrollWidth > clientWidth)
        {
            problems.Add($"The {what} page is {scrollWidth} px wide on a screen of {clientWidth} px.");
        }

        if (overflowing.Count > 0)
        {
            problems.Add($"On the {what} page these reach past the screen's edge: {string.Join("; ", overflowing)}");
        }

        return problems;
    }

    private static string Screenshot(string name) => Path.Combine(AppContext.BaseDirectory, "screenshots", name);

    /// <summary>A whole-page screenshot in the test's output; the README's ones also in <c>docs/images</c> with <c>UPDATE_DOCS=1</c>.</summary>
    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Screenshot(name), FullPage = true });
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1" && ReadmeScreenshots.Contains(name))
        {
            var images = Directory.CreateDirectory(Path.Combine(Documentation.MarkdownCodeBlocks.RepositoryRoot, "docs", "images"));
            File.Copy(Screenshot(name), Path.Combine(images.FullName, name), overwrite: true);
        }
    }
}
