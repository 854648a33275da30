using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;

namespace CognitoSample;

/// <summary>
/// The sample: Razor Pages (<c>Pages/</c>) for the home page, the signed-in user's claims, the sample's API called as the
/// user and as a service, sign-in and sign-out, over a cookie and <c>AddCognito()</c>. With <c>Authentication:Schemes:Cognito:Domain</c>
/// configured it signs in against that user pool; in Development without it, or with <c>Sample:UseEmulator=true</c>,
/// against the Cognito emulator, started here with the demo users of <c>demo-users.json</c> (see <see cref="SampleSettings"/>).
/// </summary>
public static class SampleApp
{
    /// <summary>Where Cognito sends the browser back after signing out: it must be one of the app client's sign-out URLs.</summary>
    public const string SignedOutPath = "/signed-out";

    /// <summary>Builds the app and runs the configuration's start-up checks; the end-to-end tests call this with <c>--urls http://127.0.0.1:0</c>.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Lets a test change the services before the app is built.</param>
    /// <param name="time">
    /// The clock of the app and of the emulator it starts, or <see langword="null"/> for the system's: the end-to-end tests
    /// pass a fake one, to move both past the access token's expiry.
    /// </param>
    /// <returns>The app, ready to run.</returns>
    /// <exception cref="SampleConfigurationException">No user pool is configured and the emulator may not run here.</exception>
    /// <exception cref="OptionsValidationException">The user pool's settings are wrong; the message names the option.</exception>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, TimeProvider? time = null)
    {
        // The application is this assembly wherever it runs from (dotnet run, or the tests' process): Razor Pages finds
        // its pages, and Development its wwwroot and user secrets, by this name.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(SampleApp).Assembly.GetName().Name });
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

        var settings = SampleSettings.Read(builder.Configuration, builder.Environment);
        var authentication = builder.Services
            .AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                // Pages that require a signed-in user send a visitor who is not to Cognito's sign-in.
                options.DefaultChallengeScheme = CognitoDefaults.AuthenticationScheme;
            })
            .AddCookie();

        SignInTarget target;
        if (settings.UserPool is { } userPool)
        {
            authentication.AddCognito(userPool);
            target = new SignInTarget(userPool["Domain"]!, Emulator: null, DemoUsers: []);
        }
        else
        {
            target = await StartEmulatorAsync(builder, authentication, time, settings.EmulatorReason!);
        }

        builder.Services.Configure<CognitoOptions>(CognitoDefaults.AuthenticationScheme, options =>
        {
            // Keeps the access and refresh tokens in the cookie: the access token for the API called as the user
            // (/my-orders), the refresh token to renew it shortly before it expires and to revoke it when signing out.
            options.SaveTokens = true;
            options.RefreshSavedTokens = true;
            options.SignedOutRedirectUri = SignedOutPath;
            options.Events.OnRemoteFailure = ShowSignInFailureAsync;
        });
        builder.Services.AddAuthorization();
        builder.Services.AddRazorPages();
        // Links written by the pages (asp-page) in lower case, as the routes are spelled.
        builder.Services.AddRouting(options => options.LowercaseUrls = true);
        builder.Services.AddSingleton(target);
        WebApplication? app = null;
        try
        {
            configure?.Invoke(builder);
            app = builder.Build();
            _ = app.Services.GetService<CognitoEmulator>(); // the provider now owns the emulator and disposes it
            // The package's checks of the configuration (ValidateOnStart), run now rather than inside the host's start,
            // so that a mistake reaches Program.cs as one exception and is not logged a second time by the host.
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            else if (target.Emulator is { } emulator)
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
                SampleLog.For(app.Services).UsingEmulator(started.Url, target.EmulatorReason!, string.Join(", ", target.DemoUsers.Select(user => user.Username)));
            });
        }

        // An answer with an error status and no body (an unknown URL, a failed sign-in) gets the Error page.
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        if (target.Emulator is not null)
        {
            SampleApi.Map(app);
        }

        return app;
    }

    private static async Task<SignInTarget> StartEmulatorAsync(WebApplicationBuilder builder, AuthenticationBuilder authentication, TimeProvider? time, string reason)
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
        return new SignInTarget(emulator.Url, emulator, [.. demo.Users], reason);
    }

    /// <summary>
    /// A sign-in that fails answers 400, and the Error page (through the status-code pages) says what went wrong in the
    /// user's words instead of an exception page. A user who is already signed in (who pressed "back" into the finished
    /// sign-in, say) goes to the claims page: the stale callback did not sign in again.
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

        // The handler has logged the technical reason; the page shows this.
        context.HttpContext.Items[typeof(SignInFailureText)] = SignInFailureText.For(context.Failure);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
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
                emulator.RegisterSignOutUrl(baseUrl + SignedOutPath.TrimStart('/'));
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
