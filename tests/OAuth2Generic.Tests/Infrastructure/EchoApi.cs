using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Tests;

/// <summary>
/// An API on a real Kestrel server at 127.0.0.1 that answers each request with the bearer token it carried, and 401
/// for a token in <see cref="Refused"/> (the empty string for none), and redirects <c>/redirect?to=</c>: for the handlers
/// that attach tokens to outgoing calls.
/// </summary>
internal sealed class EchoApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoApi(WebApplication app)
    {
        _app = app;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public string Url { get; }

    /// <summary>Tokens answered with 401.</summary>
    public ConcurrentDictionary<string, bool> Refused { get; } = new();

    /// <summary>Every Authorization header received, in order.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public static async Task<EchoApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        EchoApi? api = null;
        app.MapMethods("/data", ["GET", "POST"], (HttpContext context) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            api!.Received.Enqueue(header);
            return api.Refused.ContainsKey(header) ? Results.Unauthorized() : Results.Text(header);
        });
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        await app.StartAsync(TestContext.Current.CancellationToken);
        api = new EchoApi(app);
        return api;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
