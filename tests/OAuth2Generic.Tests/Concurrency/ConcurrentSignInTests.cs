using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.Concurrency;

/// <summary>
/// Many users at once through one app on Kestrel at 127.0.0.1, against a provider on Kestrel too: every user ends
/// signed in with exactly their own claims.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ConcurrentSignInTests
{
    private const int Users = 200;

    [Fact]
    public async Task Two_hundred_sign_ins_at_once_each_end_with_their_own_claims()
    {
        await using var provider = await LoopbackProvider.StartAsync();
        await using var app = await KestrelApp.StartAsync(auth => auth.AddOAuth2Generic("idp", provider.Configure));

        var results = await Task.WhenAll(Enumerable.Range(1, Users).Select(async n =>
        {
            var browser = app.NewSession();
            var (_, callback) = await browser.SignInAsync("idp", code: $"user-{n}");
            return (User: $"user-{n}", callback.StatusCode, Claims: await browser.ClaimsAsync());
        }));

        Assert.All(results, result =>
        {
            Assert.Equal(HttpStatusCode.Redirect, result.StatusCode);
            ClaimAssert.Exactly(
                [(ClaimTypes.NameIdentifier, result.User), (ClaimTypes.Name, "Name of " + result.User)],
                result.Claims);
        });
        Assert.Equal(Users, provider.TokenRequests);
    }
}
