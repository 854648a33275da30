using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Benchmarks.Load;

/// <summary>The app under load, on Kestrel at 127.0.0.1: cookie sign-in, one remote scheme, <c>/login</c> and <c>/me</c>.</summary>
internal sealed class LoadTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoadTarget(WebApplication app) => _app = app;

    public string Url => LoadProvider.AddressOf(_app);

    public static async Task<LoadTarget> StartAsync(Action<AuthenticationBuilder> addScheme)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        addScheme(builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie());

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/me" }, [SignInHost.Scheme]));
        app.MapGet("/me", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
            ? Results.Text(user.FindFirst(ClaimTypes.NameIdentifier)!.Value)
            : Results.Unauthorized());
        await app.StartAsync();
        return new LoadTarget(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
