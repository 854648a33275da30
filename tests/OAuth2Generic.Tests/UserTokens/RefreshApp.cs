using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OAuth2Generic.Testing;
using StackExchange.Redis;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// An app on Kestrel that keeps its users' tokens fresh: cookie sign-in through the scheme the test adds, the clock the
/// test moves, and pages that show the user's token (<c>/token</c>), call an API with it (<c>/call</c>, <c>/call-url</c>,
/// and <c>/parallel</c> for many calls at once, through an <c>AddUserAccessToken</c> client to <see cref="EchoApi"/>),
/// and sign out of the cookie (<c>/logout</c>).
/// </summary>
internal sealed class RefreshApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RefreshApp(WebApplication app, CapturedLogs logs)
    {
        _app = app;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(KestrelApp.AddressOf(app)) };
    }

    public HttpClient Client { get; }

    /// <summary>The app's services, for a <see cref="TelemetryRecorder"/> scoped to its meters.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Every log line of the app, Debug and up.</summary>
    public CapturedLogs Logs { get; }

    public string Url => Client.BaseAddress!.ToString();

    public static async Task<RefreshApp> StartAsync(
        Action<AuthenticationBuilder> addScheme,
        TimeProvider time,
        string? apiUrl = null,
        Action<UserAccessTokenHandlerOptions>? tokenOptions = null,
        Action<IServiceCollection>? services = null,
        Action<CookieAuthenticationOptions>? cookie = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var logs = new CapturedLogs();
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton(time);
        if (services is null)
        {
            builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        }
        else
        {
            services(builder.Services);
        }

        addScheme(builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options => cookie?.Invoke(options)));
        builder.Services.AddHttpClient("api", client => client.BaseAddress = apiUrl is null ? null : new Uri(apiUrl)).AddUserAccessToken(tokenOptions);

        var app = builder.Build();

        // A sign-out in a request whose cookie was never validated: before the authentication middleware.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/logout-unvalidated")
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                await context.Response.WriteAsync("signed out");
                return;
            }

            await next(context);
        });
        app.UseAuthentication();
        app.MapGet("/challenge/{scheme}", (string scheme) => Results.Challenge(new AuthenticationProperties { RedirectUri = "/me" }, [scheme]));
        app.MapGet("/me", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
            ? Results.Json(user.Claims.Select(claim => new ClaimRecord(claim.Type, claim.Value, claim.ValueType, claim.Issuer)))
            : Results.Unauthorized());
        app.MapGet("/token", async (HttpContext context) =>
        {
            var token = await context.GetUserAccessTokenAsync();
            return Results.Json(new TokenPage(token.Status.ToString(), token.AccessToken, token.ExpiresAt));
        });
        // The token asked for after the response has started: new tokens could not be saved in the cookie any more.
        app.MapGet("/token-after-start", async (HttpContext context) =>
        {
            await context.Response.WriteAsync("started ");
            await context.Response.Body.FlushAsync();
            var token = await context.GetUserAccessTokenAsync();
            await context.Response.WriteAsync(token.Status.ToString());
        });

        // The token, for a caller that stops waiting after the given milliseconds.
        app.MapGet("/token-wait", async (HttpContext context, int ms) =>
        {
            using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(ms));
            try
            {
                var token = await context.GetUserAccessTokenAsync(signInScheme: null, giveUp.Token);
                return Results.Json(new TokenPage(token.Status.ToString(), token.AccessToken, token.ExpiresAt));
            }
            catch (OperationCanceledException)
            {
                return Results.Text("gave up", statusCode: StatusCodes.Status408RequestTimeout);
            }
        });
        app.MapGet("/call", (IHttpClientFactory clients) => CallAsync(clients, "/data"));

        // The same client, to a URL of the caller's choosing (a "next" link an API returned, a URL built from input).
        app.MapGet("/call-url", (IHttpClientFactory clients, string url) => CallAsync(clients, url));

        // Many calls of one request at once, as a page that fills several panels does; any other exception is the app's 500.
        app.MapGet("/parallel", async (IHttpClientFactory clients, int count) =>
        {
            var client = clients.CreateClient("api");
            var answers = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
            {
                try
                {
                    using var answer = await client.GetAsync("/data");
                    return ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (UserAccessTokenUnavailableException unavailable)
                {
                    // A call that starts after another call of the request saw the session end.
                    return unavailable.Status.ToString();
                }
            }));
            return Results.Text(string.Join(' ', answers));
        });
        // Signs out of the cookie and of the scheme (at its provider), as an application's "Sign out" button does.
        app.MapGet("/signout/{scheme}", (string scheme) => Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/signed-out" }, [CookieAuthenticationDefaults.AuthenticationScheme, scheme]));
        app.MapGet("/signed-out", () => Results.Text("signed out"));
        app.MapGet("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Text("signed out");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new RefreshApp(app, logs);
    }

    private static async Task<IResult> CallAsync(IHttpClientFactory clients, string url)
    {
        try
        {
            using var answer = await clients.CreateClient("api").GetAsync(url);
            return Results.Text(await answer.Content.ReadAsStringAsync(), statusCode: (int)answer.StatusCode);
        }
        catch (UserAccessTokenUnavailableException exception)
        {
            return Results.Text($"{exception.Status}: {exception.Message}", statusCode: StatusCodes.Status409Conflict);
        }
        catch (InvalidOperationException exception)
        {
            return Results.Text($"{exception.GetType().Name}: {exception.Message}", statusCode: StatusCodes.Status409Conflict);
        }
    }

    /// <summary>
    /// One of several app servers behind one load balancer: <c>AddCognito</c> against the emulator's
    /// <paramref name="clientId"/>, refreshing saved tokens, with a real Redis as its <c>IDistributedCache</c> and its
    /// Data Protection key ring (<paramref name="keyRing"/>, shared by the servers of one test).
    /// </summary>
    public static async Task<RefreshApp> StartOnRedisAsync(
        CognitoEmulator emulator, string clientId, TimeProvider time, RedisServer redis, IConnectionMultiplexer connection, string keyRing)
    {
        var server = await StartAsync(
            auth => auth.AddCognito(options =>
            {
                emulator.ConfigureClient(options, clientId);
                options.SaveTokens = true;
                options.RefreshSavedTokens = true;
            }),
            time,
            services: services =>
            {
                services.AddDataProtection().SetApplicationName(clientId).PersistKeysToStackExchangeRedis(connection, keyRing);
                services.AddStackExchangeRedisCache(options => options.Configuration = redis.Configuration);
            });
        emulator.RegisterCallbackUrl(server.Url + "signin-cognito", clientId);
        return server;
    }

    /// <summary>A client with its own cookies for this app, as one browser has.</summary>
    public HttpClient NewBrowser(CookieContainer cookies) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = Client.BaseAddress };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>What <c>/token</c> shows.</summary>
    internal sealed record TokenPage(string Status, string? AccessToken, DateTimeOffset? ExpiresAt);
}
