using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.Backchannel;

/// <summary>
/// The provider client sends straight to the scheme's handler (so that each exchange carries one
/// timeout, not two), and still with the backchannel's default headers: the framework's User-Agent, which some
/// providers (GitHub's API) refuse requests without, and whatever the application added.
/// </summary>
public sealed class ProviderClientHeadersTests : IDisposable
{
    private readonly FakeProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task The_token_and_user_info_requests_carry_the_backchannels_default_headers()
    {
        _provider.Working();
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", _provider.Configure));
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync("idp");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        foreach (var path in new[] { "/oauth/token", FakeProvider.UserInfoPath })
        {
            var request = _provider.SingleRequestTo(path);
            Assert.StartsWith("Microsoft ASP.NET Core OAuth handler", request.Header("User-Agent"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_backchannel_the_application_puts_in_place_after_the_framework_made_one_carries_the_provider_calls()
    {
        _provider.Working();
        var counting = new CountingHandler { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } };
        await using var app = await TestApp.StartAsync(auth =>
        {
            auth.AddOAuth2Generic("idp", _provider.Configure);
            auth.Services.PostConfigure<OAuth2GenericOptions>("idp", options => options.Backchannel = new HttpClient(counting));
        });
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync("idp");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(2, counting.Requests); // the token and the user-info requests
    }

    [Fact]
    public async Task A_handler_that_reports_the_timeout_as_a_failed_request_still_fails_the_sign_in_as_a_timeout()
    {
        // HttpClient used to turn such a handler's failure into a cancellation; the provider client sends to the handler
        // directly, so it does so itself.
        _provider.Working();
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            options.BackchannelHttpHandler = new StallingHandler();
            options.BackchannelTimeout = TimeSpan.FromMilliseconds(300);
        }));
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync("idp");

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode); // the test app's RemoteFailure answer
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        Assert.Equal(FailureStep.TokenRequest, failure.Step);
        Assert.Equal(OAuth2GenericFailureReasons.Timeout, failure.Reason);
        Assert.True(failure.IsTransient);
    }

    // Waits for the request's cancellation, then reports it as a failed request, as some handlers (a retry policy's) do.
    private sealed class StallingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            throw new HttpRequestException("The request was aborted.");
        }
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _requests;

        public int Requests => _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
