namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// An app client as the emulator holds it: a copy of the configured <see cref="CognitoEmulatorClient"/> whose callback
/// and sign-out URLs can grow while requests read them.
/// </summary>
internal sealed class RegisteredClient(CognitoEmulatorClient client, ResourceServerScopes customScopes)
{
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
}
