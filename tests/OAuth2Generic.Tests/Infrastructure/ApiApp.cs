using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// An API on a real Kestrel server at 127.0.0.1 protected by <c>AddCognitoJwtBearer</c>: <c>/me</c> (any valid token,
/// answers the claims), <c>/orders</c> (scope <c>orders/read</c>), <c>/admin</c> (role <c>admins</c>).
/// </summary>
internal sealed class ApiApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiApp(WebApplication app, CapturedLogs logs)
    {
        _app = app;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()),
        };
    }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiApp> StartAsync(
        Action<AuthenticationBuilder> addSchemes, Action<IServiceCollection>? configureServices = null, Action<WebApplication>? mapEndpoints = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        configureServices?.Invoke(builder.Services);
        addSchemes(builder.Services.AddAuthentication(CognitoJwtBearerDefaults.AuthenticationScheme));
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user) => Results.Json(user.Claims.Select(claim => new ClaimRecord(claim.Type, claim.Value, claim.ValueType, claim.Issuer))))
            .RequireAuthorization();
        app.MapGet("/orders", () => "orders").RequireScope("orders/read");
        app.MapGet("/admin", [Authorize(Roles = "admins")] () => "admin");
        mapEndpoints?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new ApiApp(app, logs);
    }

    /// <summary>GET with the token as <c>Authorization: Bearer</c> (no header when null).</summary>
    public Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
