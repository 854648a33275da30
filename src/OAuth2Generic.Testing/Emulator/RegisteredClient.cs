namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// An app client as the emulator holds it: a copy of the configured <see cref="CognitoEmulatorClient"/> whose callback
/// and sign-out URLs can grow while requests read them.
/// </summary>
internal sealed class RegisteredClient(CognitoEmulatorClient client, ResourceServerScopes customScopes)
{
    // Cognito's names of the OAuth flows an app client can be allowed (AllowedOAuthFlows of CreateUserPoolClient).
    private static readonly string[] OAuthFlowNames = ["code", "implicit", "client_credentials"];

    private readonly Lock _lock = new();
    private readonly HashSet<string> _callbackUrls = new(client.CallbackUrls, StringComparer.Ordinal);
    private readonly HashSet<string> _signOutUrls = new(client.SignOutUrls, StringComparer.Ordinal);

    public string ClientId { get; } = client.ClientId;

    /// <summary>The name the login page shows: the configured name, else the client id.</summary>
    public string DisplayName { get; } = client.ClientName is { Length: > 0 } name ? name : client.ClientId;

    public string? ClientSecret { get; } = client.ClientSecret;

    public bool IsPublic => ClientSecret is null;

    public IReadOnlySet<string> AllowedScopes { get; } = new HashSet<string>(client.AllowedScopes, StringComparer.Ordinal);

    /// <summary>The allowed scopes in their configured order, granted when a request names none.</summary>
    public IReadOnlyList<string> AllowedScopeList { get; } = [.. client.AllowedScopes];

    /// <summary>
    /// The allowed custom scopes in their configured order: what the <c>client_credentials</c> grant gives when the
    /// request names no scope.
    /// </summary>
    public IReadOnlyList<string> AllowedCustomScopeList { get; } = [.. client.AllowedScopes.Where(customScopes.IsCustom).Distinct(StringComparer.Ordinal)];

    public IReadOnlySet<string> AllowedOAuthFlows { get; } = new HashSet<string>(client.AllowedOAuthFlows, StringComparer.Ordinal);

    public IReadOnlySet<string> IdentityProviders { get; } = new HashSet<string>(client.IdentityProviders, StringComparer.Ordinal);

    public bool RefreshTokenRotation { get; } = client.RefreshTokenRotation;

    public TimeSpan RetryGracePeriod { get; } = client.RetryGracePeriod;

    // Cognito compares callback and sign-out URLs exactly: no prefix, case or trailing-slash leniency.
    public bool HasCallbackUrl(string url)
    {
        lock (_lock)
        {
            return _callbackUrls.Contains(url);
        }
    }

    public bool HasSignOutUrl(string url)
    {
        lock (_lock)
        {
            return _signOutUrls.Contains(url);
        }
    }

    public void AddCallbackUrl(string url)
    {
        lock (_lock)
        {
            _callbackUrls.Add(url);
        }
    }

    public void AddSignOutUrl(string url)
    {
        lock (_lock)
        {
            _signOutUrls.Add(url);
        }
    }

    // Cognito refuses such a client when it is created (InvalidParameterException, InvalidOAuthFlowException, ScopeDoesNotExistException).
    public static void Validate(CognitoEmulatorClient client, ResourceServerScopes scopes)
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
            if (!OAuthFlowNames.Contains(flow, StringComparer.Ordinal))
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

}
