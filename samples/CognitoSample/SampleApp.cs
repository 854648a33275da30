using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;

namespace CognitoSample;

/// <summary>
/// The sample: a home page with "Sign in", a page of the signed-in user's claims and roles, and "Sign out". With
/// <c>Authentication:Schemes:Cognito:Domain</c> configured it signs in against that user pool; without, against the Cognito emulator, started
/// here with the demo users of <c>demo-users.json</c>.
/// </summary>
public static class SampleApp
{
    /// <summary>Builds the app; the end-to-end tests call this with <c>--urls http://127.0.0.1:0</c>.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Lets a test change the services before the app is built.</param>
    /// <param name="time">
    /// The clock of the app and of the emulator it starts, or <see langword="null"/> for the system's: the end-to-end tests
    /// pass a fake one, to move both past the access token's expiry.
    /// </param>
    /// <returns>The app, ready to run.</returns>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // What the console shows: the sample's and the package's lines, and every warning, as `dotnet new web`'s
        // appsettings.json sets it. ASP.NET Core's own Information lines are hundreds per sign-in, and its request log
        // writes each URL whole: the callback's authorization code and state too. Set in code, because an
        // appsettings.json here would be copied next to the end-to-end tests and read by their hosts as well.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter(SampleLog.Category, LogLevel.Information);
        builder.Logging.AddFilter("OAuth2Generic", LogLevel.Information);
        SampleTelemetry.AddTo(builder);
        if (time is not null)
        {
            // One clock for the cookie, the token refresh and the API's token validation (they take it from the services).
            builder.Services.AddSingleton(time);
        }

        var cognito = builder.Configuration.GetSection("Authentication:Schemes:Cognito");
        var authentication = builder.Services
            .AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                // The claims page requires a signed-in user: a visitor who is not is sent to Cognito's sign-in.
                options.DefaultChallengeScheme = CognitoDefaults.AuthenticationScheme;
            })
            .AddCookie();

        SignInTarget target;
        if (cognito["Domain"] is { Length: > 0 } domain)
        {
            // A real user pool: Domain, Region, UserPoolId, ClientId and ClientSecret under Authentication:Schemes:Cognito.
            authentication.AddCognito(cognito);
            target = new SignInTarget(domain, Emulator: null, DemoUsers: []);
        }
        else
        {
            var demo = new CognitoEmulatorOptions { TimeProvider = time ?? TimeProvider.System }.AddUsersFromJson(DemoUsersJson());
            // The emulator's default app client, with a name for its login page to show.
            demo.Clients.Add(new CognitoEmulatorClient
            {
                ClientId = CognitoEmulatorOptions.DefaultClientId,
                ClientSecret = CognitoEmulatorOptions.DefaultClientSecret,
                ClientName = "OAuth2Generic Cognito sample",
            });
            SampleApi.AddTo(demo);
            var emulator = await CognitoEmulator.StartAsync(demo);
            // Made by a factory, so the app's service provider disposes it (stops it) with the app.
            builder.Services.AddSingleton(_ => emulator);
            authentication.AddCognito(emulator.ConfigureClient);
            SampleApi.AddTo(builder, authentication, emulator);
            target = new SignInTarget(emulator.Url, emulator, [.. demo.Users]);
        }

        builder.Services.Configure<CognitoOptions>(CognitoDefaults.AuthenticationScheme, options =>
        {
            // Keeps the access and refresh tokens in the cookie: the access token for the API called as the user
            // (/my-orders), the refresh token to renew it shortly before it expires and to revoke it when signing out.
            options.SaveTokens = true;
            options.RefreshSavedTokens = true;
            options.Events.OnRemoteFailure = ShowSignInFailureAsync;
        });
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery();
        builder.Services.AddSingleton(target);
        WebApplication app;
        try
        {
            configure?.Invoke(builder);
            app = builder.Build();
            _ = app.Services.GetService<CognitoEmulator>(); // the provider now owns the emulator and disposes it
        }
        catch
        {
            if (target.Emulator is { } emulator)
            {
                await emulator.DisposeAsync();
            }

            throw;
        }

        if (target.Emulator is { } started)
        {
            // The emulator, like Cognito, accepts only registered callback and sign-out URLs; the app's own are known now.
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                RegisterAppUrls(app, started);
                SampleLog.For(app.Services).UsingEmulator(started.Url, string.Join(", ", target.DemoUsers.Select(user => user.Username)));
            });
        }

        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/", (HttpContext context, IAntiforgery antiforgery) => Pages.Home(context.User, target, antiforgery.GetAndStoreTokens(context)));
        if (target.Emulator is not null)
        {
            SampleApi.Map(app, target);
        }

        app.MapGet("/signin", (string? identity_provider) => Results.Challenge(
            new CognitoChallengeProperties { RedirectUri = "/claims", IdentityProvider = identity_provider },
            [CognitoDefaults.AuthenticationScheme]));
        app.MapGet("/claims", (ClaimsPrincipal user, HttpContext context, IAntiforgery antiforgery) => Pages.Claims(user, antiforgery.GetAndStoreTokens(context)))
            .RequireAuthorization();
        app.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            // Only the sample's own form signs out (antiforgery token); a stale or forged one gets a page, not an exception.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                await Pages.SignOutRefused().ExecuteAsync(context);
                return;
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            // Cognito's /logout ends the hosted-UI session too, then sends the browser back to "/" (SignedOutRedirectUri).
            await context.SignOutAsync(CognitoDefaults.AuthenticationScheme);
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// A sign-in that fails shows what went wrong, in the user's words, instead of an exception page. A user who is
    /// already signed in (who pressed "back" into the finished sign-in, say) goes to the claims page: the stale callback
    /// did not sign in again.
    /// </summary>
    private static async Task ShowSignInFailureAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var signedIn = await context.HttpContext.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (signedIn.Succeeded)
        {
            context.Response.Redirect("/claims");
            return;
        }

        // The page says what happened in the user's words; the handler has logged the technical reason.
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await Pages.SignInFailed(SignInFailureText.For(context.Failure)).ExecuteAsync(context.HttpContext);
    }

    private static void RegisterAppUrls(WebApplication app, CognitoEmulator emulator)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            var origin = new Uri(address);
            // A browser may call a loopback app by either name.
            var hosts = origin.IsLoopback ? ["localhost", "127.0.0.1"] : new[] { origin.Host };
            foreach (var host in hosts)
            {
                var baseUrl = new UriBuilder(origin) { Host = host, Path = "/" }.Uri.ToString();
                emulator.RegisterCallbackUrl(baseUrl + CognitoDefaults.CallbackPath.TrimStart('/'));
                emulator.RegisterSignOutUrl(baseUrl);
            }
        }
    }

    private static string DemoUsersJson()
    {
        using var stream = typeof(SampleApp).Assembly.GetManifestResourceStream("demo-users.json")
            ?? throw new InvalidOperationException("The sample's demo-users.json is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
