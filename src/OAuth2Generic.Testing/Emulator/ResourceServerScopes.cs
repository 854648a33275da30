namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The custom scopes of the user pool's resource servers, by their full names <c>{identifier}/{scope}</c>, checked at
/// start with Cognito's rules (the patterns of <c>CreateResourceServer</c>), and the scopes Cognito itself defines.
/// </summary>
internal sealed class ResourceServerScopes
{
    // Cognito's own scopes: an app client may be allowed these without any resource server.
    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal)
    {
        "openid", "email", "phone", "profile", "aws.cognito.signin.user.admin",
    };

    private readonly HashSet<string> _scopes;

    private ResourceServerScopes(HashSet<string> scopes) => _scopes = scopes;

    /// <summary>Whether the scope is a custom scope of one of the resource servers.</summary>
    public bool IsCustom(string scope) => _scopes.Contains(scope);

    /// <summary>Whether an app client may be allowed the scope: one of Cognito's own, or a custom one that exists.</summary>
    public bool Exists(string scope) => Standard.Contains(scope) || IsCustom(scope);

    /// <exception cref="ArgumentException">
    /// Two resource servers share an identifier, a server lists a scope twice, or an identifier or scope name is empty or
    /// has a character Cognito does not allow in it.
    /// </exception>
    public static ResourceServerScopes From(IEnumerable<CognitoEmulatorResourceServer> servers)
    {
        var identifiers = new HashSet<string>(StringComparer.Ordinal);
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var server in servers)
        {
            // Cognito's pattern for an identifier: [\x21\x23-\x5B\x5D-\x7E]+, so no whitespace, '"' or '\'.
            if (string.IsNullOrEmpty(server.Identifier) || !server.Identifier.All(c => IsAllowed(c, slash: true)))
            {
                throw new ArgumentException(
                    $"The resource server identifier '{server.Identifier}' is empty or has whitespace, '\"' or '\\', which Cognito does not allow in one.",
                    nameof(servers));
            }

            if (!identifiers.Add(server.Identifier))
            {
                throw new ArgumentException($"The emulator has two resource servers with the identifier '{server.Identifier}'.", nameof(servers));
            }

            foreach (var name in server.Scopes)
            {
                // Cognito's pattern for a scope name: [\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+, the identifier's without '/',
                // which separates the two in the full name.
                if (string.IsNullOrEmpty(name) || !name.All(c => IsAllowed(c, slash: false)))
                {
                    throw new ArgumentException(
                        $"The resource server '{server.Identifier}' has the scope name '{name}', which is empty or has whitespace, '/', '\"' or '\\', which Cognito does not allow in one.",
                        nameof(servers));
                }

                if (!scopes.Add($"{server.Identifier}/{name}"))
                {
                    throw new ArgumentException($"The resource server '{server.Identifier}' has the scope '{name}' twice.", nameof(servers));
                }
            }
        }

        return new ResourceServerScopes(scopes);
    }

    private static bool IsAllowed(char c, bool slash) => c is >= '\x21' and <= '\x7E' and not '"' and not '\\' && (slash || c != '/');
}
