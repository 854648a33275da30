using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace OAuth2Generic.Tests.TestSetup;

/// <summary>The browser the end-to-end tests drive reaches servers on this machine and nothing else.</summary>
[Trait("Category", "Slow")]
public sealed class BrowserFixtureTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task The_browser_reaches_a_server_on_loopback(string host)
    {
        await using var context = await browser.NewContextAsync();
        await using var server = await StartServerAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync($"http://{host}:{Port(server)}/hello");

        Assert.Equal(200, response!.Status);
        Assert.Equal("hello from loopback", await page.Locator("body").InnerTextAsync());
    }

    [Fact]
    public async Task A_request_to_a_host_that_is_not_loopback_is_aborted_in_the_browser()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var refused = await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync("http://example.com/"));

        Assert.Contains("net::ERR_BLOCKED_BY_CLIENT", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_from_loopback_to_another_host_ends_in_the_browser()
    {
        await using var context = await browser.NewContextAsync();
        await using var server = await StartServerAsync();
        var page = await context.NewPageAsync();

        var refused = await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync($"http://127.0.0.1:{Port(server)}/away"));

        // Routing does not see a redirect's hops; the host resolver rules stop this one before any lookup.
        Assert.Contains("net::ERR_NAME_NOT_RESOLVED", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/hello", () => Results.Text("hello from loopback"));
        app.MapGet("/away", () => Results.Redirect("http://example.com/"));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static int Port(WebApplication server) => new Uri(KestrelApp.AddressOf(server)).Port;
}
