using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.Backchannel;

/// <summary>
/// <c>BackchannelMaxResponseSize</c> stops the reading of a body, not only the use of it: a token or user-info endpoint
/// whose body never ends fails the sign-in with the cap's own message (a reader that went on would end only at
/// <c>BackchannelTimeout</c>, with another message), and the endpoint gets to write little more than the cap.
/// </summary>
public sealed class BodyCapTests : IDisposable
{
    private const int Cap = 1024 * 1024;

    private readonly FakeProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    [Theory]
    [InlineData(FailureStep.TokenRequest)]
    [InlineData(FailureStep.UserInformation)]
    public async Task A_body_that_never_ends_is_read_only_up_to_the_cap(FailureStep step)
    {
        await using var endless = new EndlessBodyServer();
        _provider.Working();
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            options.BackchannelTimeout = TimeSpan.FromSeconds(30);
            if (step == FailureStep.TokenRequest)
            {
                options.ClientOptions.TokenUrl = endless.Url + "/token";
            }
            else
            {
                options.ClientOptions.UserInfoUrl = endless.Url + "/user";
            }
        }));
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync("idp");

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var failure = Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
        var endpoint = step == FailureStep.TokenRequest ? "The token endpoint" : "The user-info endpoint";
        Assert.Equal($"{endpoint} ({new Uri(endless.Url).Authority}) answered with a body larger than BackchannelMaxResponseSize ({Cap} bytes).", failure.Message);
        Assert.Equal((step, OAuth2GenericFailureReasons.ProviderAnswerRefused), (failure.Step, failure.Reason));

        // The cap, and what the sockets' buffers on both sides took before the client hung up: far from 20 MB.
        Assert.InRange(endless.BodyBytesWritten, Cap, 16L * Cap);
    }
}
