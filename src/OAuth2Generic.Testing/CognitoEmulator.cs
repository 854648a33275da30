using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing.Emulator;

namespace OAuth2Generic.Testing;

/// <summary>
/// An AWS Cognito user pool on 127.0.0.1, for tests and local development: the hosted UI's login form and the OAuth
/// endpoints with Cognito's paths, parameters, token claims and error shapes, and the issuer's discovery document and
/// JWKS under <c>/{user pool id}</c>. It rejects what Cognito rejects: an unknown client or wrong secret, an unregistered
/// callback or sign-out URL, a reused or expired code, a wrong PKCE verifier.
/// </summary>
/// <example>
/// <code>
/// await using var cognito = await CognitoEmulator.StartAsync(o => o.AddUser("alice", "Passw0rd!", "alice@example.com", "admins"));
/// builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie().AddCognito(cognito.ConfigureClient);
/// </code>
/// </example>
public sealed partial class CognitoEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private readonly TokenIssuer _issuer;

    private CognitoEmulator(WebApplication app, EmulatorState state, TokenIssuer issuer, string url)
    {
        _app = app;
        _state = state;
        _issuer = issuer;
        Url = url;
    }

    /// <summary>The emulator's base URL, <c>http://127.0.0.1:{port}</c>: the user pool's domain.</summary>
    public string Url { get; }

    /// <summary>The user pool id.</summary>
    public string UserPoolId => _state.UserPoolId;

    /// <summary>The issuer of its tokens, <c>{Url}/{UserPoolId}</c>; the discovery document and JWKS are under it.</summary>
    public string Issuer => _issuer.Issuer;

    /// <summary>The id of the first app client (the default one when none was configured).</summary>
    public string ClientId => _state.FirstClient.ClientId;

    /// <summary>The secret of the first app client, or <see langword="null"/> when it is public.</summary>
    public string? ClientSecret => _state.FirstClient.ClientSecret;

    /// <summary>The token endpoint, <c>{Url}/oauth2/token</c>, for a test that asks for tokens itself (a <c>client_credentials</c> grant).</summary>
    public string TokenEndpoint => $"{Url}/oauth2/token";

    /// <summary>
    /// How many requests reached the token endpoint so far, whatever their outcome (tokens, an error, a body that was
    /// not a form): a test can tell whether an app asked for tokens, or asked again instead of using those it had.
    /// </summary>
    public int TokenRequests => _state.TokenRequests;

    /// <summary>
    /// How many requests reached the JWKS URL, <c>{Issuer}/.well-known/jwks.json</c>, so far: a test can tell whether an
    /// app downloaded the signing keys, cached them, or downloaded them again after a key rotation.
    /// </summary>
    public int JwksRequests => _state.JwksRequests;

    /// <summary>
    /// How many <c>grant_type=refresh_token</c> requests reached the token endpoint so far, whatever their outcome (new
    /// tokens, <c>invalid_grant</c>, <c>invalid_client</c>): a test can tell whether an app refreshed its tokens, refreshed
    /// them once for many concurrent requests, or kept using ones it had. They are counted in <see cref="TokenRequests"/> too.
    /// </summary>
    public int RefreshRequests => _state.RefreshRequests;

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    /// <param name="configure">Adds users, app clients and resource servers, or changes the port, user pool id or lifetimes.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">
    /// Two users, clients or resource servers share a name, a user lacks a name or password or has a reserved attribute, a
    /// resource server's identifier or scope name is one Cognito refuses, a client allows an OAuth flow Cognito does not
    /// know or a custom scope no resource server has, or a <see cref="CognitoEmulatorClient.RetryGracePeriod"/> outside 0 to
    /// 60 seconds, the user pool id is not of the form <c>{region}_{id}</c>, or
    /// <see cref="CognitoEmulatorOptions.RefreshTokenLifetime"/> or <see cref="CognitoEmulatorOptions.HostedUiSessionLifetime"/> is not positive.
    /// </exception>
    /// <remarks>The options, users, clients and resource servers are copied: changing them after the start changes nothing.</remarks>
    public static Task<CognitoEmulator> StartAsync(Action<CognitoEmulatorOptions> configure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new CognitoEmulatorOptions();
        configure(options);
        return StartCoreAsync(options, cancellationToken);
    }

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    /// <param name="options">The users, app clients, resource servers, port, user pool id and lifetimes; copied, so later changes have no effect.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">
    /// Two users, clients or resource servers share a name, a user lacks a name or password or has a reserved attribute, a
    /// resource server's identifier or scope name is one Cognito refuses, a client allows an OAuth flow Cognito does not
    /// know or a custom scope no resource server has, or a <see cref="CognitoEmulatorClient.RetryGracePeriod"/> outside 0 to
    /// 60 seconds, the user pool id is not of the form <c>{region}_{id}</c>, or
    /// <see cref="CognitoEmulatorOptions.RefreshTokenLifetime"/> or <see cref="CognitoEmulatorOptions.HostedUiSessionLifetime"/> is not positive.
    /// </exception>
    public static Task<CognitoEmulator> StartAsync(CognitoEmulatorOptions options) => StartCoreAsync(options, CancellationToken.None);

    private static async Task<CognitoEmulator> StartCoreAsync(CognitoEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options.Port));
        if (CognitoDomain.RegionOfUserPool(options.UserPoolId) is null)
        {
            throw new ArgumentException($"UserPoolId '{options.UserPoolId}' is not a user pool id of the form {{region}}_{{id}}, such as us-east-1_Emulator1.", nameof(options));
        }

        var state = new EmulatorState(options);

        // An empty builder: no configuration, environment or logging of the application that hosts the emulator leaks in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();

        // The issuer and the discovery document contain the port. With a port given it is known before the first request;
        // with a free one, Kestrel tells it once it listens, before StartAsync returns control to anyone with the URL.
        string? url = options.Port == 0 ? null : $"http://127.0.0.1:{options.Port}";
        var issuer = new TokenIssuer(state, issuerUrl: () => $"{url}/{state.UserPoolId}");
        try
        {
            MapEndpoints(app, state, issuer, () => url!);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            url = new Uri(address).GetLeftPart(UriPartial.Authority);
            return new CognitoEmulator(app, state, issuer, url);
        }
        catch
        {
            issuer.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void MapEndpoints(WebApplication app, EmulatorState state, TokenIssuer issuer, Func<string> url)
    {
        var hostedUi = new HostedUi(state);
        var issuerEndpoints = new IssuerEndpoints(state, issuer, url);
        var userInfo = new UserInfoEndpoint(state, issuer);
        Map(app, HttpMethods.Get, "/oauth2/authorize", hostedUi.AuthorizeAsync);
        Map(app, HttpMethods.Get, "/login", hostedUi.ShowLoginAsync);
        Map(app, HttpMethods.Post, "/login", hostedUi.LoginAsync);
        Map(app, HttpMethods.Get, "/error", HostedUi.ErrorAsync);
        // Named with its namespace: inside this class, TokenEndpoint is the property with the endpoint's URL.
        Map(app, HttpMethods.Post, "/oauth2/token", new Emulator.TokenEndpoint(state, issuer).HandleAsync);
        Map(app, HttpMethods.Get, "/oauth2/userInfo", userInfo.HandleAsync);
        Map(app, HttpMethods.Post, "/oauth2/userInfo", userInfo.HandleAsync);
        Map(app, HttpMethods.Post, "/oauth2/revoke", new RevokeEndpoint(state, issuer).HandleAsync);
        Map(app, HttpMethods.Get, "/logout", new LogoutEndpoint(state).HandleAsync);
        Map(app, HttpMethods.Get, $"/{state.UserPoolId}/.well-known/openid-configuration", issuerEndpoints.DiscoveryAsync);
        Map(app, HttpMethods.Get, $"/{state.UserPoolId}/.well-known/jwks.json", issuerEndpoints.JwksAsync);
    }

    /// <summary>
    /// Points <c>AddCognito</c> at the emulator as the first app client: <see cref="CognitoOptions.Domain"/>,
    /// <see cref="CognitoOptions.Issuer"/> (so id tokens are validated against its JWKS), client id and secret.
    /// </summary>
    /// <param name="options">The scheme's options.</param>
    public void ConfigureClient(CognitoOptions options) => ConfigureClient(options, ClientId);

    /// <summary>
    /// Points <c>AddCognito</c> at the emulator as the given app client; for a public client (no secret) it also sets
    /// <c>ClientOptions.AuthScheme</c> to <c>None</c>, so the client id goes in the body and PKCE protects the code.
    /// </summary>
    /// <param name="options">The scheme's options.</param>
    /// <param name="clientId">The id of one of the emulator's app clients.</param>
    public void ConfigureClient(CognitoOptions options, string clientId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = _state.GetClient(clientId);
        options.Domain = Url;
        options.Issuer = Issuer;
        options.ClientId = client.ClientId;
        options.ClientSecret = client.ClientSecret ?? "";
        if (client.IsPublic)
        {
            options.ClientOptions.AuthScheme = ClientAuthScheme.None;
        }
    }

    /// <summary>Allows one more callback URL (an app's <c>{origin}/signin-cognito</c>), for an app whose port is known only once it runs.</summary>
    /// <param name="url">The exact redirect_uri the app will send.</param>
    /// <param name="clientId">The app client; by default the first.</param>
    public void RegisterCallbackUrl(string url, string? clientId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        _state.GetClient(clientId).AddCallbackUrl(url);
    }

    /// <summary>Allows one more sign-out URL, the logout_uri an app sends to <c>/logout</c>.</summary>
    /// <param name="url">The exact logout_uri the app will send.</param>
    /// <param name="clientId">The app client; by default the first.</param>
    public void RegisterSignOutUrl(string url, string? clientId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        _state.GetClient(clientId).AddSignOutUrl(url);
    }

    /// <summary>
    /// Rotates the user pool's signing key: a new 2048-bit RSA key under a new <c>kid</c> signs every token from now on,
    /// and the previous keys stay in the JWKS, so the tokens they signed still validate and userInfo still accepts them,
    /// as Cognito keeps an old key published for a while after a rotation. <see cref="RetirePreviousSigningKeys"/> ends that.
    /// </summary>
    /// <returns>The new key's <c>kid</c>.</returns>
    /// <exception cref="ObjectDisposedException">The emulator has been stopped.</exception>
    public string RotateSigningKey() => _issuer.Rotate();

    /// <summary>
    /// Removes every signing key but the current one from the JWKS: tokens signed before the last
    /// <see cref="RotateSigningKey"/> no longer validate against it, and userInfo refuses them as <c>invalid_token</c>.
    /// </summary>
    public void RetirePreviousSigningKeys() => _issuer.RetirePrevious();

    /// <summary>
    /// Signs a user out everywhere, as Cognito's <c>AdminUserGlobalSignOut</c> does: every refresh token of the user, with
    /// every app client and including the ones rotated from them, is revoked (a refresh answers <c>invalid_grant</c>), and
    /// so is every access token issued with them (userInfo answers 401 <c>invalid_token</c>). As with Cognito, the hosted
    /// UI's session cookie is not ended, so a new sign-in through the login form may succeed without the password; the
    /// tokens of such a new sign-in are valid.
    /// </summary>
    /// <param name="username">The user's name, as typed into the login form.</param>
    /// <exception cref="ArgumentException">The emulator has no user of that name.</exception>
    public void GlobalSignOut(string username)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        _state.GlobalSignOut(username);
    }

    /// <summary>
    /// Signs a user in the way a browser would, for tests without one: requests <paramref name="startUrl"/> (an app page
    /// that challenges, on a loopback address), follows the redirects to the login form, submits the credentials, and
    /// follows the redirects back into the app.
    /// </summary>
    /// <param name="startUrl">An absolute loopback URL of the app that starts a sign-in.</param>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="cookies">The browser's cookies, to go on as the signed-in user afterwards; a new jar when not given.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The app's response at the end of the redirects, its content read.</returns>
    /// <exception cref="InvalidOperationException">
    /// The login form refused the credentials, the redirects ended at the emulator (its error page, with the error), or
    /// a redirect left the loopback host.
    /// </exception>
    public Task<HttpResponseMessage> SignInAsync(string startUrl, string username, string password, CookieContainer? cookies = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(startUrl);
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        return new SignInDriver(new Uri(Url), cookies ?? new CookieContainer()).SignInAsync(new Uri(startUrl), username, password, cancellationToken);
    }

    /// <summary>Stops the emulator.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _issuer.Dispose();
    }

    // The RequestDelegate overloads: no reflection-built delegates, so the package stays trimming- and AOT-safe.
    private static void Map(WebApplication app, string method, string path, RequestDelegate handler)
        => app.MapMethods(path, [method], handler);
}
