using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests;

/// <summary>
/// What the tests of a failing generic sign-in share: a provider played by WireMock, and the check that a failure
/// ends through the framework's remote-failure path with the expected message, no principal, no authentication
/// cookie, and nothing secret in the failure (inner exceptions included).
/// </summary>
public abstract class FailedSignInTests : IDisposable
{
    /// <summary>The code every sign-in of these tests is called back with.</summary>
    protected const string Code = "the-code-8c41";

    private protected FakeProvider Provider { get; } = new();

    public void Dispose()
    {
        Provider.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected Task<TestApp> StartApp(Action<OAuth2GenericOptions>? configure = null) =>
        TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            Provider.Configure(options);
            configure?.Invoke(options);
        }));

    private protected async Task<OAuth2GenericException> SignInAndExpectFailure(
        string? expectedMessage = null, Action<OAuth2GenericOptions>? configure = null, string? expectedPrefix = null)
    {
        await using var app = await StartApp(configure);
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync("idp", Code);

        var failure = Assert.IsType<OAuth2GenericException>(await AssertFailed(app, browser, callback, expectedMessage, expectedPrefix));

        // ToString() includes every inner exception and its message.
        foreach (var secret in new[] { FakeProvider.ClientSecret, Code, FakeProvider.AccessToken, FakeProvider.RefreshToken })
        {
            Assert.DoesNotContain(secret, failure.ToString(), StringComparison.Ordinal);
        }

        return failure;
    }

    private protected static async Task<Exception> AssertFailed(
        TestApp app, BrowserSession browser, HttpResponseMessage callback, string? expectedMessage, string? expectedPrefix = null)
    {
        var body = await callback.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.Single(app.Failures);
        if (expectedMessage is not null)
        {
            Assert.Equal(expectedMessage, failure.Message);
        }

        if (expectedPrefix is not null)
        {
            Assert.StartsWith(expectedPrefix, failure.Message, StringComparison.Ordinal);
        }

        Assert.Equal("Sign-in failed: " + failure.Message, body);
        Assert.DoesNotContain(browser.Cookies.Keys, name => name == ".AspNetCore.Cookies");
        Assert.Null(await browser.ClaimsAsync());
        return failure;
    }
}
