using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.Integration;

/// <summary>The library's own log lines, at every level, never carry a secret, code or token.</summary>
public sealed class SecretsInLogsTests : IDisposable
{
    private const string Code = "the-code-a91f";

    private readonly FakeProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    public async Task No_secret_code_or_token_is_logged_by_the_library(int tokenStatus)
    {
        _provider
            .Token(status: tokenStatus, body: tokenStatus == 200 ? null : $$"""{"error":"invalid_grant","error_description":"code {{Code}}"}""")
            .UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            _provider.Configure(options);
            options.SaveTokens = true;
        }));

        await app.NewSession().SignInAsync("idp", Code);

        var ours = app.Logs.Lines.Where(line => line.Category.StartsWith("OAuth2Generic", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ours);
        Assert.Contains(ours, line => line.Message.Contains(_provider.Host, StringComparison.Ordinal));
        foreach (var line in ours)
        {
            foreach (var secret in new[] { FakeProvider.ClientSecret, Code, FakeProvider.AccessToken, FakeProvider.RefreshToken })
            {
                Assert.DoesNotContain(secret, line.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, line.Exception ?? string.Empty, StringComparison.Ordinal);
            }
        }
    }
}
