using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Tests;

/// <summary>
/// An OAuth 2.0 provider on Kestrel at 127.0.0.1 that knows many users: the code <c>user-{n}</c> gives the access token
/// <c>token-user-{n}</c>, which the user-info endpoint answers with that user's document. For tests where many
/// sign-ins run at once and each must get its own identity.
/// </summary>
internal sealed class LoopbackProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _tokenRequests;

    private LoopbackProvider(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public static async Task<LoopbackProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new LoopbackProvider(app);

        app.MapPost("/oauth/token", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref provider._tokenRequests);
            var form = await request.ReadFormAsync();
            return form["code"].ToString() is { Length: > 0 } code && code.StartsWith("user-", StringComparison.Ordinal)
                ? Results.Json(new { access_token = "token-" + code, token_type = "Bearer", expires_in = 3600 })
                : Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        });

        app.MapGet("/api/user", (HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            const string Prefix = "Bearer token-";
            return authorization.StartsWith(Prefix, StringComparison.Ordinal)
                ? Results.Json(new { id = authorization[Prefix.Length..], name = "Name of " + authorization[Prefix.Length..] })
                : Results.Unauthorized();
        });

        await app.StartAsync(TestContext.Current.CancellationToken);
        provider.Url = KestrelApp.AddressOf(app);
        return provider;
    }

    /// <summary>Points the options at this provider.</summary>
    public void Configure(OAuth2GenericOptions options)
    {
        options.ClientId = FakeProvider.ClientId;
        options.ClientSecret = FakeProvider.ClientSecret;
        options.ClientOptions.Site = Url;
        options.ClientOptions.UserInfoUrl = "/api/user";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
