namespace OAuth2Generic;

/// <summary>
/// The named clients' tokens (<see cref="IClientCredentialsTokenService"/>), through the application's
/// <see cref="ClientCredentialsTokenCache"/>. A singleton.
/// </summary>
internal sealed class ClientCredentialsTokenService : IClientCredentialsTokenService
{
    private readonly Dictionary<string, ClientCredentialsClient> _clients;
    private readonly ClientCredentialsTokenCache _tokens;
    private readonly IServiceProvider _services;

    public ClientCredentialsTokenService(IEnumerable<ClientCredentialsClient> clients, ClientCredentialsTokenCache tokens, IServiceProvider services)
    {
        // The last registration of a name wins, as with named options.
        _clients = clients.GroupBy(client => client.Name, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Last(), StringComparer.Ordinal);
        _tokens = tokens;
        _services = services;
    }

    public ValueTask<string> GetAccessTokenAsync(string clientName, CancellationToken cancellationToken = default) =>
        _tokens.GetAsync(Options(clientName), cancellationToken);

    public ValueTask<string?> RenewAccessTokenAsync(string clientName, string refusedToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refusedToken);
        return _tokens.RenewAfterRefusalAsync(Options(clientName), refusedToken, cancellationToken);
    }

    /// <summary>The current options of the client registered as <paramref name="clientName"/>.</summary>
    /// <exception cref="InvalidOperationException">No client is registered under that name.</exception>
    public ClientCredentialsOptions Options(string clientName)
    {
        ArgumentNullException.ThrowIfNull(clientName);
        return _clients.TryGetValue(clientName, out var client)
            ? client.Options(_services)
            : throw new InvalidOperationException(
                $"No client-credentials client is registered as '{clientName}': register it with services.AddClientCredentialsClient(\"{clientName}\", …) " +
                $"or services.AddCognitoClientCredentialsClient(\"{clientName}\", …).");
    }
}
