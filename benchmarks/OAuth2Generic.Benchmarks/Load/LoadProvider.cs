using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Benchmarks.Load;

/// <summary>
/// The provider of the load run, on Kestrel at 127.0.0.1: the code <c>user-{n}</c> gives the token <c>token-user-{n}</c>,
/// which the user-info endpoint answers with that user's document.
/// </summary>
internal sealed class LoadProvider : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoadProvider(WebApplication app) => _app = app;

    public string Url => AddressOf(_app);

    public static async Task<LoadProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();

        app.MapPost("/oauth/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            return Results.Json(new { access_token = "token-" + form["code"], token_type = "Bearer", expires_in = 3600 });
        });
        app.MapGet("/api/v4/user", (HttpRequest request) =>
        {
            var user = request.Headers.Authorization.ToString()["Bearer token-".Length..];
            return Results.Json(new { id = user, username = user, name = "Name of " + user, email = user + "@example.com" });
        });

        await app.StartAsync();
        return new LoadProvider(app);
    }

    public static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
