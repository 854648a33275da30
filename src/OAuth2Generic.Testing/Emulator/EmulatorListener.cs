using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>A Kestrel server on one port that hands every request to one delegate: the emulator's, and each further pool's domain.</summary>
internal static class EmulatorListener
{
    /// <summary>Starts listening; returns the server and its URL, which names 127.0.0.1 when it listens on every interface.</summary>
    public static async Task<(WebApplication App, string Url)> StartAsync(IPAddress address, int port, RequestDelegate handler, CancellationToken cancellationToken)
    {
        // An empty builder: no configuration, environment or logging of the application that hosts the emulator leaks in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(address, port));
        var app = builder.Build();
        app.Run(handler);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

            // Listening on every interface, the emulator is still reached, and names its issuer, through the loopback address.
            var url = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? $"http://127.0.0.1:{bound.Port}" : bound.GetLeftPart(UriPartial.Authority);
            return (app, url);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
