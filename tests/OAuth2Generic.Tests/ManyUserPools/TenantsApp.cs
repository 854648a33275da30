using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// A many-tenant app on a real Kestrel server at 127.0.0.1: one <c>AddCognito</c> scheme whose
/// <see cref="DictionaryTenantResolver"/> chooses the pool by the path's <c>/t/{tenant}</c> prefix (moved into the path
/// base, so each tenant's callback is <c>/t/{tenant}/signin-cognito</c>), a cookie shared by every tenant of the host,
/// and under each tenant <c>/challenge</c>, <c>/me</c> (the claims, 401 when not signed in), <c>/token</c> (the user's
/// access token, refreshed when due), <c>/signout</c>, <c>/api/orders</c> (an API of <c>AddCognitoJwtBearer</c> trusting
/// every tenant's pool on that tenant's routes only) and <c>/call-api</c> (which calls it with the user's token).
/// </summary>
internal sealed class TenantsApp : IAsyncDisposable
{
    public const string ApiScheme = "Api";

    private readonly WebApplication _app;

    private TenantsApp(WebApplication app, CapturedLogs logs)
    {
        _app = app;
        Logs = logs;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public string Url { get; }

    public IServiceProvider Services => _app.Services;

    public CapturedLogs Logs { get; }

    /// <summary>Each request to a callback, with its Cookie header, before the handler sees it: a replay's material.</summary>
    public ConcurrentQueue<(string PathAndQuery, string Cookies)> Callbacks { get; } = new();

    public static async Task<TenantsApp> StartAsync(DictionaryTenantResolver resolver, Action<CognitoOptions>? configure = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie => cookie.Cookie.Path = "/")
            .AddCognito(options =>
            {
                options.TenantResolver = resolver;
                options.SaveTokens = true;
                options.UserInformationSource = UserInformationSource.IdToken;
                configure?.Invoke(options);
            })
            .AddCognitoJwtBearer(ApiScheme, options => options.PoolResolver = new TenantPoolResolver(resolver));
        builder.Services.AddAuthorization();
        builder.Services.AddHttpClient();

        builder.Services.AddHealthChecks().AddCognitoCheck();

        var app = builder.Build();
        TenantsApp? started = null;
        app.Use((context, next) =>
        {
            // /t/{tenant}/rest: the tenant's segment becomes the path base, as an app would mount each tenant.
            var path = context.Request.Path.Value ?? string.Empty;
            if (path.StartsWith("/t/", StringComparison.Ordinal) && path.IndexOf('/', 3) is var end and > 3)
            {
                context.Request.PathBase = path[..end];
                context.Request.Path = path[end..];
            }

            if (context.Request.Path == "/signin-cognito")
            {
                started?.Callbacks.Enqueue((context.Request.PathBase + context.Request.Path + context.Request.QueryString, context.Request.Headers.Cookie.ToString()));
            }

            return next(context);
        });

        // After the path base is set: the endpoints match the path under it.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/challenge", (HttpContext context) => Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.PathBase + "/me" }, [CognitoDefaults.AuthenticationScheme]));
        app.MapGet("/me", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
            ? Results.Json(user.Claims.Select(claim => new ClaimRecord(claim.Type, claim.Value, claim.ValueType, claim.Issuer)))
            : Results.Unauthorized());
        app.MapGet("/token", async (HttpContext context) =>
        {
            var token = await context.GetUserAccessTokenAsync();
            return Results.Json(new { status = token.Status.ToString(), token = token.AccessToken });
        });
        app.MapGet("/signout", (HttpContext context) => Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/signed-out" },
            [CookieAuthenticationDefaults.AuthenticationScheme, CognitoDefaults.AuthenticationScheme]));
        app.MapGet("/signed-out", () => "signed out");

        // The tenant's API, which trusts every tenant's pool but only on that tenant's routes; and a page that calls it
        // with the signed-in user's access token, as a web app calls its APIs.
        app.MapGet("/api/orders", (ClaimsPrincipal user, HttpContext context) => $"orders of {context.Request.PathBase} for {user.FindFirst("username")?.Value}")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiScheme });
        app.MapGet("/call-api", async (HttpContext context, IHttpClientFactory clients) =>
        {
            var token = await context.GetUserAccessTokenAsync();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{started!.Url}{context.Request.PathBase}/api/orders");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.AccessToken);
            using var answer = await clients.CreateClient().SendAsync(request, context.RequestAborted);
            return Results.Text($"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(context.RequestAborted)}");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        started = new TenantsApp(app, logs);
        return started;
    }

    /// <summary>The app's URL for a path of a tenant.</summary>
    public string TenantUrl(string tenant, string path) => $"{Url}/t/{tenant}{path}";

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
