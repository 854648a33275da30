using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The user pool's data and everything issued so far: codes, hosted-UI sessions and refresh tokens. The options, users
/// and clients are copied at start, so a test that changes its objects afterwards changes nothing here (and is not
/// changed by the emulator either).
/// </summary>
internal sealed class EmulatorState
{
    // Members that userInfo and the tokens write themselves; an attribute of the same name would make a duplicate.
    private static readonly string[] ReservedAttributes = ["sub", "username", "email", "email_verified", "phone_number", "phone_number_verified"];

    // Cognito's names of the OAuth flows an app client can be allowed (AllowedOAuthFlows of CreateUserPoolClient).
    private static readonly string[] OAuthFlows = ["code", "implicit", "client_credentials"];

    private readonly Dictionary<string, CognitoEmulatorUser> _users;
    private readonly Dictionary<string, RegisteredClient> _clients;
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (CognitoEmulatorUser User, DateTimeOffset Ends)> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _revokedOrigins = new(StringComparer.Ordinal);
    private int _tokenRequests;
    private int _jwksRequests;
    private int _refreshRequests;
    private readonly TimeSpan _sessionLifetime;

    public EmulatorState(CognitoEmulatorOptions options)
    {
        UserPoolId = options.UserPoolId;
        AuthorizationCodeLifetime = options.AuthorizationCodeLifetime;
        TokenLifetime = options.TokenLifetime;
        if (options.RefreshTokenLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.RefreshTokenLifetime, $"RefreshTokenLifetime must be positive (Cognito's default is 30 days); it is {options.RefreshTokenLifetime}.");
        }

        RefreshTokenLifetime = options.RefreshTokenLifetime;
        if (options.HostedUiSessionLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.HostedUiSessionLifetime, $"HostedUiSessionLifetime must be positive (Cognito's is 1 hour); it is {options.HostedUiSessionLifetime}.");
        }

        _sessionLifetime = options.HostedUiSessionLifetime;
        TimeProvider = options.TimeProvider ?? throw new ArgumentException("TimeProvider is required.", nameof(options));
        _users = new(StringComparer.Ordinal);
        foreach (var configured in options.Users)
        {
            var user = Copy(configured, options.UserPoolId);
            if (!_users.TryAdd(user.Username, user))
            {
                throw new ArgumentException($"The emulator has two users named '{user.Username}'.", nameof(options));
            }
        }

        CustomScopes = ResourceServerScopes.From(options.ResourceServers);
        var clients = options.Clients.Count > 0
            ? options.Clients
            : [new CognitoEmulatorClient { ClientId = CognitoEmulatorOptions.DefaultClientId, ClientSecret = CognitoEmulatorOptions.DefaultClientSecret }];
        _clients = new(StringComparer.Ordinal);
        foreach (var client in clients)
        {
            ArgumentException.ThrowIfNullOrEmpty(client.ClientId, nameof(CognitoEmulatorClient.ClientId));
            Check(client, CustomScopes);
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

    public TimeSpan RefreshTokenLifetime { get; }

    public TimeProvider TimeProvider { get; }

    public RegisteredClient FirstClient { get; }

    public ResourceServerScopes CustomScopes { get; }

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

    /// <summary>A hosted-UI session for the user, good for the configured session lifetime from now.</summary>
    public string StartSession(CognitoEmulatorUser user) => Add(_sessions, (user, Now + _sessionLifetime));

    /// <summary>The user of a session that has not ended; an ended one is forgotten.</summary>
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

        return session.User;
    }

    public void EndSession(string? sessionId)
    {
        if (sessionId is not null)
        {
            _sessions.TryRemove(sessionId, out _);
        }
    }

    /// <summary>The refresh token of a new sign-in, good for <see cref="RefreshTokenLifetime"/> from now.</summary>
    public string IssueRefreshToken(string clientId, CognitoEmulatorUser user, string scope, string originJti, DateTimeOffset authTime)
        => Add(_refreshTokens, new RefreshGrant(clientId, user, scope, originJti, authTime, Now + RefreshTokenLifetime));

    public RefreshGrant? FindRefreshToken(string token) => _refreshTokens.TryGetValue(token, out var grant) ? grant : null;

    /// <summary>
    /// Redeems a refresh token for <paramref name="client"/>. Without rotation the token stays as it is. With rotation
    /// the token is spent and a new one of the same sign-in is issued, with a whole <see cref="RefreshTokenLifetime"/> of
    /// its own (Cognito's rotation is a sliding window: an active user is never cut off by the first token's expiry); the
    /// spent token can be redeemed once more, less than the client's retry grace period after its first redemption.
    /// </summary>
    public RefreshRedemption RedeemRefreshToken(string token, RegisteredClient client)
    {
        while (true)
        {
            // Another client's token is refused without being spent: only the client it was issued to can use it up.
            if (!_refreshTokens.TryGetValue(token, out var grant) || grant.ClientId != client.ClientId)
            {
                return RefreshRedemption.Refused();
            }

            if (IsRevoked(grant.OriginJti))
            {
                return RefreshRedemption.Refused("Refresh Token has been revoked");
            }

            var now = Now;
            if (grant.ExpiresAt <= now)
            {
                return RefreshRedemption.Refused("Refresh Token has expired");
            }

            if (!client.RefreshTokenRotation)
            {
                return RefreshRedemption.Redeemed(grant, rotatedRefreshToken: null);
            }

            RefreshGrant spent;
            if (grant.RotatedAt is not { } rotatedAt)
            {
                spent = grant with { RotatedAt = now };
            }
            else if (!grant.Retried && now < rotatedAt + client.RetryGracePeriod)
            {
                spent = grant with { Retried = true };
            }
            else
            {
                return RefreshRedemption.Refused("Invalid Refresh Token");
            }

            // Compare-and-swap against the value read above: of concurrent redemptions exactly one takes each step (the
            // rotation, then the one retry); the others read the token again and find it spent. A check followed by a
            // plain write would let all of them through.
            if (_refreshTokens.TryUpdate(token, spent, grant))
            {
                var rotated = grant with { ExpiresAt = now + RefreshTokenLifetime, RotatedAt = null, Retried = false };
                return RefreshRedemption.Redeemed(grant, Add(_refreshTokens, rotated));
            }
        }
    }

    /// <summary>
    /// Revokes the sign-in of the refresh token, as Cognito does: the token itself, every refresh token rotated from it or
    /// before it, and every access token issued with them, all of which share its <c>origin_jti</c>. The revoked token is
    /// kept, so that a later refresh with it is told it was revoked.
    /// </summary>
    public void Revoke(string token)
    {
        if (_refreshTokens.TryGetValue(token, out var grant))
        {
            _revokedOrigins.TryAdd(grant.OriginJti, 0);
        }
    }

    /// <summary>
    /// Revokes every sign-in of the user, with every app client, as Cognito's <c>AdminUserGlobalSignOut</c> does. A sign-in
    /// that starts afterwards is a new one (a new <c>origin_jti</c>) and is not affected.
    /// </summary>
    public void GlobalSignOut(string username)
    {
        if (!_users.ContainsKey(username))
        {
            throw new ArgumentException($"The emulator has no user '{username}'.", nameof(username));
        }

        // The origins, not the tokens, are revoked: a rotation that runs during this loop issues a token of a revoked origin.
        foreach (var grant in _refreshTokens.Values)
        {
            if (grant.User.Username == username)
            {
                _revokedOrigins.TryAdd(grant.OriginJti, 0);
            }
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

    // Cognito refuses such a client when it is created (InvalidParameterException, InvalidOAuthFlowException, ScopeDoesNotExistException).
    private static void Check(CognitoEmulatorClient client, ResourceServerScopes scopes)
    {
        if (client.RetryGracePeriod < TimeSpan.Zero || client.RetryGracePeriod > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentOutOfRangeException(
                nameof(client),
                client.RetryGracePeriod,
                $"The app client '{client.ClientId}' has a RetryGracePeriod of {client.RetryGracePeriod}; Cognito's RetryGracePeriodSeconds is 0 to 60 seconds.");
        }

        foreach (var flow in client.AllowedOAuthFlows)
        {
            if (!OAuthFlows.Contains(flow, StringComparer.Ordinal))
            {
                throw new ArgumentException(
                    $"The app client '{client.ClientId}' allows the OAuth flow '{flow}'; Cognito's flows are code, implicit and client_credentials.",
                    nameof(client));
            }
        }

        foreach (var scope in client.AllowedScopes)
        {
            if (!scopes.Exists(scope))
            {
                throw new ArgumentException(
                    $"The app client '{client.ClientId}' allows the scope '{scope}', which is neither one of Cognito's (openid, email, phone, profile, aws.cognito.signin.user.admin) nor {{identifier}}/{{scope}} of a resource server.",
                    nameof(client));
            }
        }
    }

    private static CognitoEmulatorUser Copy(CognitoEmulatorUser user, string userPoolId)
    {
        if (string.IsNullOrEmpty(user.Username) || string.IsNullOrEmpty(user.Password))
        {
            throw new ArgumentException("Every emulator user needs a Username and a Password.", nameof(user));
        }

        foreach (var name in user.Attributes.Keys)
        {
            if (ReservedAttributes.Contains(name, StringComparer.Ordinal) || name.StartsWith("cognito:", StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The emulator user '{user.Username}' has the attribute '{name}', which the emulator writes itself; use the user's own property (Sub, Email, PhoneNumber, Groups…).",
                    nameof(user));
            }
        }

        return new CognitoEmulatorUser
        {
            Username = user.Username,
            Password = user.Password,
            Sub = user.Sub ?? StableSub(userPoolId, user.Username),
            Email = user.Email,
            EmailVerified = user.EmailVerified,
            PhoneNumber = user.PhoneNumber,
            PhoneNumberVerified = user.PhoneNumberVerified,
            Groups = [.. user.Groups],
            Attributes = new Dictionary<string, string>(user.Attributes, StringComparer.Ordinal),
        };
    }

    private static string StableSub(string userPoolId, string username)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{userPoolId}/{username}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
