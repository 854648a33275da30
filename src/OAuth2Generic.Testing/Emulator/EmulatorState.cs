using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>The user pool's data and everything issued so far: codes, hosted-UI sessions and refresh tokens.</summary>
internal sealed class EmulatorState
{
    private readonly Dictionary<string, CognitoEmulatorUser> _users;
    private readonly Dictionary<string, RegisteredClient> _clients;
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CognitoEmulatorUser> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _revokedOrigins = new(StringComparer.Ordinal);
    private int _tokenRequests;

    public EmulatorState(CognitoEmulatorOptions options)
    {
        Options = options;
        _users = new(StringComparer.Ordinal);
        foreach (var user in options.Users)
        {
            if (string.IsNullOrEmpty(user.Username) || string.IsNullOrEmpty(user.Password))
            {
                throw new ArgumentException("Every emulator user needs a Username and a Password.", nameof(options));
            }

            user.Sub ??= StableSub(options.UserPoolId, user.Username);
            if (!_users.TryAdd(user.Username, user))
            {
                throw new ArgumentException($"The emulator has two users named '{user.Username}'.", nameof(options));
            }
        }

        var clients = options.Clients.Count > 0
            ? options.Clients
            : [new CognitoEmulatorClient { ClientId = CognitoEmulatorOptions.DefaultClientId, ClientSecret = CognitoEmulatorOptions.DefaultClientSecret }];
        _clients = new(StringComparer.Ordinal);
        foreach (var client in clients)
        {
            ArgumentException.ThrowIfNullOrEmpty(client.ClientId, nameof(CognitoEmulatorClient.ClientId));
            if (!_clients.TryAdd(client.ClientId, new RegisteredClient(client)))
            {
                throw new ArgumentException($"The emulator has two app clients with the id '{client.ClientId}'.", nameof(options));
            }
        }

        FirstClient = _clients[clients[0].ClientId];
    }

    public CognitoEmulatorOptions Options { get; }

    public RegisteredClient FirstClient { get; }

    public DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    /// <summary>How many requests reached the token endpoint, whatever their outcome.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);

    public RegisteredClient? FindClient(string? clientId)
        => clientId is not null && _clients.TryGetValue(clientId, out var client) ? client : null;

    public RegisteredClient GetClient(string? clientId)
        => clientId is null ? FirstClient : FindClient(clientId) ?? throw new ArgumentException($"The emulator has no app client '{clientId}'.", nameof(clientId));

    /// <summary>The user with these credentials, or <see langword="null"/>; the password is compared in constant time.</summary>
    public CognitoEmulatorUser? FindUser(string? username, string? password)
    {
        if (username is null || password is null || !_users.TryGetValue(username, out var user))
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.Password), Encoding.UTF8.GetBytes(password)) ? user : null;
    }

    public CognitoEmulatorUser? FindUserBySub(string? sub) => _users.Values.FirstOrDefault(user => user.Sub == sub);

    public string IssueCode(AuthorizationCode code) => Add(_codes, code);

    /// <summary>Takes the code out, so that it can be redeemed once whatever the outcome of that redemption.</summary>
    public AuthorizationCode? RedeemCode(string code)
        => _codes.TryRemove(code, out var issued) && issued.ExpiresAt > Now ? issued : null;

    public string StartSession(CognitoEmulatorUser user) => Add(_sessions, user);

    public CognitoEmulatorUser? FindSession(string? sessionId)
        => sessionId is not null && _sessions.TryGetValue(sessionId, out var user) ? user : null;

    public void EndSession(string? sessionId)
    {
        if (sessionId is not null)
        {
            _sessions.TryRemove(sessionId, out _);
        }
    }

    public string IssueRefreshToken(RefreshGrant grant) => Add(_refreshTokens, grant);

    public RefreshGrant? FindRefreshToken(string token) => _refreshTokens.TryGetValue(token, out var grant) ? grant : null;

    /// <summary>Revokes the refresh token and, as Cognito does, every access token issued with it.</summary>
    public void Revoke(string token)
    {
        if (_refreshTokens.TryRemove(token, out var grant))
        {
            _revokedOrigins.TryAdd(grant.OriginJti, 0);
        }
    }

    public bool IsRevoked(string? originJti) => originJti is not null && _revokedOrigins.ContainsKey(originJti);

    public static string NewOpaqueValue() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string Add<T>(ConcurrentDictionary<string, T> store, T value)
    {
        var key = NewOpaqueValue();
        store[key] = value;
        return key;
    }

    private static string StableSub(string userPoolId, string username)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{userPoolId}/{username}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
