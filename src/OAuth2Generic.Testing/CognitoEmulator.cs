using System.Net;
using Microsoft.AspNetCore.Builder;
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
    private readonly UserPoolSet _pools;

    private CognitoEmulator(WebApplication app, UserPoolSet pools, string url)
    {
        _app = app;
        _pools = pools;
        Url = url;
    }

    /// <summary>The emulator's base URL, <c>http://127.0.0.1:{port}</c>: the first user pool's domain.</summary>
    public string Url { get; }

    /// <summary>The user pools, the first (the one <see cref="StartAsync(CognitoEmulatorOptions)"/> configured) first.</summary>
    public IReadOnlyList<CognitoEmulatorUserPool> UserPools => _pools.All;

    /// <summary>
    /// The emulator's clock: the configured <see cref="CognitoEmulatorOptions.TimeProvider"/> plus every
    /// <see cref="AdvanceClock"/> so far. Codes, tokens, refresh tokens and hosted-UI sessions expire by it.
    /// </summary>
    public DateTimeOffset Now => _pools.Clock.GetUtcNow();

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

    /// <summary>
    /// Adds a user pool while the emulator runs, with its own domain (a port of its own on the same address, the root of its
    /// own origin as a Cognito domain is, so <c>AddCognito</c> and GitLab's relative endpoint paths work against it), and
    /// its own issuer on the emulator's port (<c>{Url}/{user pool id}</c>, as Cognito's issuers share one host), signing
    /// keys, app clients, users, identity providers and trigger.
    /// </summary>
    /// <param name="options">The pool's id, users, clients, resource servers, identity providers, lifetimes and trigger; copied.
    /// <see cref="CognitoEmulatorOptions.Port"/> is the port of its domain (0, the default, takes a free one);
    /// <see cref="CognitoEmulatorOptions.TimeProvider"/>, <see cref="CognitoEmulatorOptions.ListenAddress"/> and
    /// <see cref="CognitoEmulatorOptions.AdminApi"/> are the emulator's and must keep their defaults.</param>
    /// <param name="cancellationToken">Cancels the start of the pool's domain.</param>
    /// <returns>The new pool.</returns>
    /// <exception cref="ArgumentException">The pool id is taken or malformed, one of the emulator's own options was set, or the pool's options are refused as at <see cref="StartAsync(CognitoEmulatorOptions)"/>.</exception>
    public Task<CognitoEmulatorUserPool> AddUserPoolAsync(CognitoEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TimeProvider != TimeProvider.System || !options.ListenAddress.Equals(IPAddress.Loopback) || options.AdminApi)
        {
            throw new ArgumentException("TimeProvider, ListenAddress and AdminApi are the emulator's, set when it starts; a user pool added to it cannot have its own.", nameof(options));
        }

        return _pools.AddAsync(options, cancellationToken);
    }

    /// <summary>The user pool with this id.</summary>
    /// <param name="userPoolId">The user pool id.</param>
    /// <returns>The pool.</returns>
    /// <exception cref="ArgumentException">The emulator has no such pool.</exception>
    public CognitoEmulatorUserPool GetUserPool(string userPoolId)
    {
        ArgumentNullException.ThrowIfNull(userPoolId);
        return _pools.Find(userPoolId) ?? throw new ArgumentException($"The emulator has no user pool '{userPoolId}'.", nameof(userPoolId));
    }

    /// <summary>
    /// Moves the emulator's clock forward, for every pool: codes, access and id tokens, refresh tokens and hosted-UI
    /// sessions expire as if that time had passed, and new tokens are dated by the moved clock.
    /// </summary>
    /// <param name="by">How far; not negative.</param>
    public void AdvanceClock(TimeSpan by) => _pools.Clock.Advance(by);

    private static async Task<CognitoEmulator> StartCoreAsync(CognitoEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options.Port));
        var clock = new EmulatorClock(options.TimeProvider ?? throw new ArgumentException("TimeProvider is required.", nameof(options)));

        // The issuer and the discovery document contain the port. With a port given it is known before the first request;
        // with a free one, Kestrel tells it once it listens, before StartAsync returns control to anyone with the URL.
        string? url = options.Port == 0 ? null : $"http://127.0.0.1:{options.Port}";
        var pools = new UserPoolSet(clock, options.ListenAddress, () => url!);
        try
        {
            await pools.AddAsync(options, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            await pools.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var admin = options.AdminApi ? new AdminApi(pools) : null;
        try
        {
            var (app, bound) = await EmulatorListener.StartAsync(
                    options.ListenAddress, options.Port, context => admin is not null && AdminApi.Serves(context) ? admin.HandleAsync(context) : pools.DispatchAsync(context), cancellationToken)
                .ConfigureAwait(false);
            url = bound;
            return new CognitoEmulator(app, pools, url);
        }
        catch
        {
            await pools.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the emulator.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        await _pools.DisposeAsync().ConfigureAwait(false);
    }
}
