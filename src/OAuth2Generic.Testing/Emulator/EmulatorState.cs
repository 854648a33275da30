using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// One user pool's data and everything issued so far: its users (<see cref="Users"/>), app clients, codes, hosted-UI
/// sessions and refresh tokens (<see cref="RefreshTokens"/>). The options, users and clients are copied at start, so a
/// test that changes its objects afterwards changes nothing here (and is not changed by the emulator either).
/// </summary>
internal sealed class EmulatorState
{
    private readonly Dictionary<string, RegisteredClient> _clients;
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Username, DateTimeOffset Ends)> _sessions = new(StringComparer.Ordinal);
    private int _tokenRequests;
    private int _jwksRequests;
    private int _refreshRequests;
    private readonly TimeSpan _sessionLifetime;

    /// <summary>The key the pool signs with first when the test gave one; null to make one.</summary>
    public System.Security.Cryptography.RSA? FirstSigningKey { get; }

    public EmulatorState(CognitoEmulatorOptions options, TimeProvider clock)
    {
        UserPoolId = options.UserPoolId;
        FirstSigningKey = options.SigningKey;
        AuthorizationCodeLifetime = options.AuthorizationCodeLifetime;
        TokenLifetime = options.TokenLifetime;
        if (options.RefreshTokenLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.RefreshTokenLifetime, $"RefreshTokenLifetime must be positive (Cognito's default is 30 days); it is {options.RefreshTokenLifetime}.");
        }

        if (options.HostedUiSessionLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.HostedUiSessionLifetime, $"HostedUiSessionLifetime must be positive (Cognito's is 1 hour); it is {options.HostedUiSessionLifetime}.");
        }

        _sessionLifetime = options.HostedUiSessionLifetime;
        TimeProvider = clock;
        RefreshTokens = new RefreshTokenStore(clock, options.RefreshTokenLifetime);
        Users = new UserDirectory(options.UserPoolId, options.Users);
        IdentityProviders = FederatedProviders.From(options.IdentityProviders);
        PreTokenGeneration = options.PreTokenGeneration;
        CustomScopes = ResourceServerScopes.From(options.ResourceServers);
        var clients = options.Clients.Count > 0
            ? options.Clients
            : [new CognitoEmulatorClient { ClientId = CognitoEmulatorOptions.DefaultClientId, ClientSecret = CognitoEmulatorOptions.DefaultClientSecret }];
        _clients = new(StringComparer.Ordinal);
        foreach (var client in clients)
        {
            ArgumentException.ThrowIfNullOrEmpty(client.ClientId, nameof(CognitoEmulatorClient.ClientId));
            RegisteredClient.Validate(client, CustomScopes);
            IdentityProviders.ValidateClient(client);
            if (!_clients.TryAdd(client.ClientId, new RegisteredClient(client, CustomScopes)))
            {
                throw new ArgumentException($"The emulator has two app clients with the id '{client.ClientId}'.", nameof(options));
            }
        }

        FirstClient = _clients[clients[0].ClientId];
    }

    public string UserPoolId { get; }

    public TimeSpan AuthorizationCodeLifetime { get; }

    public TimeSpan TokenLifetime { get; }

    public TimeProvider TimeProvider { get; }

    public RegisteredClient FirstClient { get; }

    public ResourceServerScopes CustomScopes { get; }

    public UserDirectory Users { get; }

    public RefreshTokenStore RefreshTokens { get; }

    public FederatedProviders IdentityProviders { get; }

    /// <summary>The pre-token-generation trigger (event version 2), or <see langword="null"/> for none.</summary>
    public Func<System.Text.Json.Nodes.JsonObject, CancellationToken, Task>? PreTokenGeneration { get; }

    public DateTimeOffset Now => TimeProvider.GetUtcNow();

    /// <summary>How many requests reached the token endpoint, whatever their outcome.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);

    /// <summary>How many requests reached the JWKS URL.</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public void CountJwksRequest() => Interlocked.Increment(ref _jwksRequests);

    /// <summary>How many <c>grant_type=refresh_token</c> requests reached the token endpoint, whatever their outcome.</summary>
    public int RefreshRequests => Volatile.Read(ref _refreshRequests);

    public void CountRefreshRequest() => Interlocked.Increment(ref _refreshRequests);

    public IEnumerable<RegisteredClient> Clients => _clients.Values;

    public RegisteredClient? FindClient(string? clientId)
        => clientId is not null && _clients.TryGetValue(clientId, out var client) ? client : null;

    public RegisteredClient GetClient(string? clientId)
        => clientId is null ? FirstClient : FindClient(clientId) ?? throw new ArgumentException($"The user pool {UserPoolId} has no app client '{clientId}'.", nameof(clientId));

    public string IssueCode(AuthorizationCode code) => Add(_codes, code);

    /// <summary>Takes the code out, so that it can be redeemed once whatever the outcome of that redemption.</summary>
    public AuthorizationCode? RedeemCode(string code)
        => _codes.TryRemove(code, out var issued) && issued.ExpiresAt > Now ? issued : null;

    /// <summary>A hosted-UI session for the user, good for the configured session lifetime from now.</summary>
    public string StartSession(CognitoEmulatorUser user) => Add(_sessions, (user.Username, Now + _sessionLifetime));

    /// <summary>The user, as it is now, of a session that has not ended; an ended one is forgotten.</summary>
    public CognitoEmulatorUser? FindSession(string? sessionId)
    {
        if (sessionId is null || !_sessions.TryGetValue(sessionId, out var session))
        {
            return null;
        }

        if (Now >= session.Ends)
        {
            _sessions.TryRemove(sessionId, out _);
            return null;
        }

        return Users.FindByName(session.Username);
    }

    public void EndSession(string? sessionId)
    {
        if (sessionId is not null)
        {
            _sessions.TryRemove(sessionId, out _);
        }
    }

    /// <summary>
    /// Revokes every sign-in of the user, with every app client, as Cognito's <c>AdminUserGlobalSignOut</c> does. A sign-in
    /// that starts afterwards is a new one (a new <c>origin_jti</c>) and is not affected.
    /// </summary>
    public void GlobalSignOut(string username)
    {
        if (Users.FindByName(username) is null)
        {
            throw new ArgumentException($"The user pool {UserPoolId} has no user '{username}'.", nameof(username));
        }

        RefreshTokens.GlobalSignOut(username);
    }

    public bool IsRevoked(string? originJti) => RefreshTokens.IsRevoked(originJti);

    public static string NewOpaqueValue() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Add<T>(ConcurrentDictionary<string, T> store, T value)
    {
        var key = NewOpaqueValue();
        store[key] = value;
        return key;
    }
}
