using Microsoft.Playwright;
using OAuth2Generic.Tests;

[assembly: AssemblyFixture(typeof(BrowserFixture))]

namespace OAuth2Generic.Tests;

/// <summary>
/// One headless Chromium for the whole test assembly, driven by Playwright: Debian's <c>/usr/bin/chromium</c>, or the
/// executable named by <c>CHROMIUM_PATH</c>. Playwright's driver ships inside its NuGet package, so nothing is
/// downloaded. The browser starts on the first <see cref="NewContextAsync"/> only, so runs without browser tests pay
/// nothing. Every context it makes aborts each request to a host that is not loopback.
/// </summary>
/// <remarks>
/// A test takes the fixture in its constructor (xunit injects assembly fixtures) and begins with
/// <c>await using var context = await browser.NewContextAsync();</c>. Without a browser that call skips the test with the
/// reason and the command that installs one, or fails it under CI, as <see cref="TestPrerequisite"/> does for everything
/// the tests need beyond the SDK.
/// </remarks>
public sealed class BrowserFixture : IAsyncDisposable
{
    /// <summary>The environment variable that names another Chromium executable.</summary>
    public const string ExecutablePathVariable = "CHROMIUM_PATH";

    /// <summary>
    /// How long a browser action, navigation or wait may take: a passing step takes a fraction of it; the margin is for a
    /// two-core CI machine running the whole suite at once.
    /// </summary>
    public const float TimeoutMilliseconds = 60_000;

    private const string DefaultExecutablePath = "/usr/bin/chromium";

    private readonly SemaphoreSlim _starting = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _launchFailure;

    /// <summary>The Chromium executable the fixture launches.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(ExecutablePathVariable) is { Length: > 0 } path ? path : DefaultExecutablePath;

    /// <summary>
    /// A fresh browser context (its own cookies and storage) in which every request to a host other than 127.0.0.1,
    /// localhost or [::1] is aborted, and whose actions and navigations time out after <see cref="TimeoutMilliseconds"/>.
    /// Dispose it at the end of the test. Skips the calling test when there is no browser (fails it under CI).
    /// </summary>
    /// <param name="options">The context's viewport, device and the like; Playwright's defaults when not given.</param>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(TimeoutMilliseconds);
        context.SetDefaultNavigationTimeout(TimeoutMilliseconds);
        await context.RouteAsync("**/*", route => IsLoopback(route.Request.Url) ? route.ContinueAsync() : route.AbortAsync("blockedbyclient"));
        return context;
    }

    /// <summary>Whether a URL's host is a loopback name or address: the only hosts the browser may reach.</summary>
    public static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback && uri.Scheme is "http" or "https" or "ws" or "wss";

    private async Task<IBrowser> BrowserAsync()
    {
        RequireBrowser();
        await _starting.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            // A launch that failed once fails every later test at once, with its reason, instead of waiting out the
            // launch timeout again.
            _launchFailure?.Throw();
            if (_browser is null)
            {
                try
                {
                    _playwright ??= await Playwright.CreateAsync();
                    _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                    {
                        ExecutablePath = ExecutablePath,
                        Headless = true,
                        // Routing does not see the hops of a redirect, so a redirect to another host would pass it. Name
                        // resolution fails for every host name but localhost: such a hop ends in the browser, not on a network.
                        Args = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]"],
                    });
                }
                catch (Exception exception) when (exception is PlaywrightException or TimeoutException)
                {
                    _launchFailure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception);
                    throw;
                }
            }

            return _browser;
        }
        finally
        {
            _starting.Release();
        }
    }

    private static void RequireBrowser()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        var where = Environment.GetEnvironmentVariable(ExecutablePathVariable) is { Length: > 0 }
            ? $"{ExecutablePath}, which {ExecutablePathVariable} names (unset it to use Debian's chromium)"
            : $"{ExecutablePath} (or set {ExecutablePathVariable} to a Chromium executable)";
        throw TestPrerequisite.Chromium.Missing($"No Chromium at {where}.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _starting.Dispose();
    }
}
