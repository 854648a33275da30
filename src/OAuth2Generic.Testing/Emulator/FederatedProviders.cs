namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The simulated identity providers of one user pool, checked at start as Cognito checks <c>CreateIdentityProvider</c>
/// and an app client's <c>SupportedIdentityProviders</c>, and found by name (<c>identity_provider</c>) or by identifier
/// (<c>idp_identifier</c>).
/// </summary>
internal sealed class FederatedProviders
{
    /// <summary>The user pool's own login form, which every client may name.</summary>
    public const string Cognito = "COGNITO";

    private static readonly string[] Types = ["Google", "Facebook", "LoginWithAmazon", "SignInWithApple", "SAML", "OIDC"];

    private readonly Dictionary<string, CognitoEmulatorIdentityProvider> _byName;

    private FederatedProviders(Dictionary<string, CognitoEmulatorIdentityProvider> byName) => _byName = byName;

    /// <exception cref="ArgumentException">A provider has no name or the name COGNITO, an unknown type, a user without an id, or two share a name, an identifier or a user id.</exception>
    public static FederatedProviders From(IEnumerable<CognitoEmulatorIdentityProvider> providers)
    {
        var byName = new Dictionary<string, CognitoEmulatorIdentityProvider>(StringComparer.Ordinal);
        var identifiers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers)
        {
            if (string.IsNullOrEmpty(provider.Name) || provider.Name == Cognito || provider.Name.Contains('_', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The identity provider name '{provider.Name}' is empty, COGNITO (the user pool's own) or has '_', which separates it from the user id in user names.", nameof(providers));
            }

            if (!Types.Contains(provider.Type, StringComparer.Ordinal))
            {
                throw new ArgumentException($"The identity provider '{provider.Name}' has the type '{provider.Type}'; Cognito's types are {string.Join(", ", Types)}.", nameof(providers));
            }

            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var user in provider.Users)
            {
                if (string.IsNullOrEmpty(user.Id) || !ids.Add(user.Id))
                {
                    throw new ArgumentException($"The identity provider '{provider.Name}' has a user with an empty id, or two users with the id '{user.Id}'.", nameof(providers));
                }
            }

            var copy = new CognitoEmulatorIdentityProvider
            {
                Name = provider.Name,
                Type = provider.Type,
                Identifiers = [.. provider.Identifiers],
                Users = [.. provider.Users.Select(user => new CognitoEmulatorFederatedUser
                {
                    Id = user.Id,
                    Email = user.Email,
                    EmailVerified = user.EmailVerified,
                    Attributes = new Dictionary<string, string>(user.Attributes, StringComparer.Ordinal),
                })],
            };
            if (!byName.TryAdd(provider.Name, copy))
            {
                throw new ArgumentException($"The user pool has two identity providers named '{provider.Name}'.", nameof(providers));
            }

            foreach (var identifier in provider.Identifiers)
            {
                if (!identifiers.Add(identifier))
                {
                    throw new ArgumentException($"The identifier '{identifier}' names two identity providers; Cognito keeps identifiers unique in a user pool.", nameof(providers));
                }
            }
        }

        return new FederatedProviders(byName);
    }

    /// <exception cref="ArgumentException">The client names a provider the pool does not have (Cognito's <c>InvalidParameterException</c>).</exception>
    public void ValidateClient(CognitoEmulatorClient client)
    {
        foreach (var name in client.IdentityProviders)
        {
            if (name != Cognito && !_byName.ContainsKey(name))
            {
                throw new ArgumentException(
                    $"The app client '{client.ClientId}' supports the identity provider '{name}', which the user pool does not have; add it to IdentityProviders.",
                    nameof(client));
            }
        }
    }

    public CognitoEmulatorIdentityProvider? FindByName(string name) => _byName.GetValueOrDefault(name);

    public CognitoEmulatorIdentityProvider? FindByIdentifier(string identifier)
        => _byName.Values.FirstOrDefault(provider => provider.Identifiers.Contains(identifier, StringComparer.OrdinalIgnoreCase));

    /// <summary>The issuer Cognito writes in <c>identities</c>: null for the social providers, the provider's name as a stand-in for SAML and OIDC.</summary>
    public static string? IssuerOf(CognitoEmulatorIdentityProvider provider)
        => provider.Type is "SAML" or "OIDC" ? $"urn:emulator:{provider.Name}" : null;
}
