using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// An ASP.NET Core app on an in-memory test server with cookie sign-in and the schemes under test, as a user of the
/// package would write it: <c>/challenge/{scheme}</c> starts a sign-in, <c>/me</c> lists the signed-in user's claims,
/// and a remote failure is recorded and answered with 401.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    public static readonly Uri BaseAddress = new("https://app.test/");

    private readonly WebApplication _app;

    private TestApp(WebApplication app, CapturedLogs logs, ConcurrentQueue<Exception> failures)
    {
        _app = app;
        Logs = logs;
        Failures = failures;
    }

    public CapturedLogs Logs { get; }

    public ConcurrentQueue<Exception> Failures { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(
        Action<AuthenticationBuilder> addSchemes,
        IDictionary<string, string?>? configuration = null,
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<IServiceCollection>? configureServicesFirst = null,
        Action<WebApplication>? configureApp = null,
        bool recordFailures = true)
    {
        var app = Build(addSchemes, configuration, configureBuilder, out var logs, out var failures, configureServicesFirst, configureApp, recordFailures);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestApp(app, logs, failures);
    }

    /// <summary>Builds the app without starting it, for tests of start-up validation.</summary>
    public static WebApplication Build(
        Action<AuthenticationBuilder> addSchemes,
        IDictionary<string, string?>? configuration,
        Action<WebApplicationBuilder>? configureBuilder,
        out CapturedLogs logs,
        out ConcurrentQueue<Exception> failures,
        Action<IServiceCollection>? configureServicesFirst = null,
        Action<WebApplication>? configureApp = null,
        bool recordFailures = true)
    {
        var builder = WebApplication.CreateSlimBuilder();

        // Keys in memory: no test writes to the user's ~/.aspnet key ring.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        configureServicesFirst?.Invoke(builder.Services);
        builder.WebHost.UseTestServer(options => options.BaseAddress = BaseAddress);
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());

        logs = new CapturedLogs();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);

        var authentication = builder.Services
            .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie();
        addSchemes(authentication);

        var recorded = new ConcurrentQueue<Exception>();
        failures = recorded;
        if (recordFailures)
        {
            builder.Services.PostConfigureAll<OAuthOptions>(options => RecordFailures(options, recorded));
            builder.Services.PostConfigureAll<OAuth2GenericOptions>(options => RecordFailures(options, recorded));
            builder.Services.PostConfigureAll<CognitoOptions>(options => RecordFailures(options, recorded));
        }
        configureBuilder?.Invoke(builder);

        var app = builder.Build();

        // Middleware and endpoints of the test's own, in front of authentication (forwarded headers, a path base, …).
        configureApp?.Invoke(app);
        app.UseAuthentication();

        app.MapGet("/challenge/{scheme}", (string scheme, HttpRequest request) =>
        {
            var properties = new OAuthChallengeProperties { RedirectUri = "/me" };
            foreach (var (name, value) in request.Query)
            {
                if (name == "scope")
                {
                    properties.Scope = value.ToString().Split(' ');
                }
                else
                {
                    properties.SetParameter(name, value.ToString());
                }
            }

            return Results.Challenge(properties, [scheme]);
        });

        app.MapGet("/me", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
            ? Results.Json(user.Claims.Select(claim => new ClaimRecord(claim.Type, claim.Value, claim.ValueType, claim.Issuer)))
            : Results.Unauthorized());

        app.MapGet("/ticket", async (HttpContext context) =>
        {
            var result = await context.AuthenticateAsync();
            return Results.Json(new TicketRecord(
                result.Properties?.GetTokens().ToDictionary(token => token.Name, token => token.Value) ?? [],
                result.Properties?.Items.ToDictionary() ?? []));
        });

        // Signs out of the cookie and of the given scheme, as an application's "Sign out" button does.
        app.MapGet("/signout/{scheme}", (string scheme, string? redirectUri) => Results.SignOut(
            new AuthenticationProperties { RedirectUri = redirectUri },
            [CookieAuthenticationDefaults.AuthenticationScheme, scheme]));

        app.MapGet("/denied", () => Results.Text("access denied page"));
        return app;
    }

    /// <summary>
    /// Starts an app with one scheme <c>idp</c> pointed at the provider, signs a user in, checks that the sign-in
    /// succeeded, and returns the authorize URL the app redirected to.
    /// </summary>
    public static async Task<Uri> SignInSuccessfullyAsync(FakeProvider provider, Action<OAuth2GenericOptions> configure)
    {
        await using var app = await StartAsync(auth => auth.AddOAuth2Generic("idp", options =>
        {
            provider.Configure(options);
            configure(options);
        }));
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await browser.SignInAsync("idp");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.NotNull(await browser.ClaimsAsync());
        return authorizeUrl;
    }

    public BrowserSession NewSession() => new(_app.GetTestServer().CreateClient());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void RecordFailures(RemoteAuthenticationOptions options, ConcurrentQueue<Exception> failures)
    {
        options.Events.OnRemoteFailure = async context =>
        {
            failures.Enqueue(context.Failure!);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("Sign-in failed: " + context.Failure!.Message);
            context.HandleResponse();
        };
    }
}
