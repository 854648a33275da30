using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Tests;

/// <summary>
/// The test app's pipeline (cookie sign-in, <c>/challenge/{scheme}</c>, <c>/me</c>) on a real Kestrel server at
/// 127.0.0.1, for tests that need real sockets: many users at once, or several servers side by side.
/// </summary>
internal sealed class KestrelApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelApp(WebApplication app)
    {
        _app = app;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri(AddressOf(app)),
        };
    }

    /// <summary>A client for this server; cookies are kept by each <see cref="BrowserSession"/>.</summary>
    public HttpClient Client { get; }

    public static async Task<KestrelApp> StartAsync(Action<AuthenticationBuilder> addSchemes, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        // Keys in memory unless the test sets up a key ring of its own, so that no test writes to ~/.aspnet.
        if (configureServices is null)
        {
            builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        }

        configureServices?.Invoke(builder.Services);
        addSchemes(builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie());

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/challenge/{scheme}", (string scheme) => Results.Challenge(new AuthenticationProperties { RedirectUri = "/me" }, [scheme]));
        app.MapGet("/me", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
            ? Results.Json(user.Claims.Select(claim => new ClaimRecord(claim.Type, claim.Value, claim.ValueType, claim.Issuer)))
            : Results.Unauthorized());
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new KestrelApp(app);
    }

    public BrowserSession NewSession() => new(Client);

    /// <summary>The http://127.0.0.1:{port} address Kestrel chose.</summary>
    public static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
