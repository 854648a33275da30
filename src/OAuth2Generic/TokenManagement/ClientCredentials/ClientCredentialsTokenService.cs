namespace OAuth2Generic;

/// <summary>
/// The named clients' tokens (<see cref="IClientCredentialsTokenService"/>), through the application's
/// <see cref="ClientCredentialsTokenCache"/>. A singleton.
/// </summary>
internal sealed class ClientCredentialsTokenService : IClientCredentialsTokenService
{
    // The clients a source makes: as many tenants as an application is likely to call at once, each made again after a
    // while so that a changed secret is taken up.
    private const int SourcedClientsLimit = 1000;
    private static readonly TimeSpan SourcedClientLifetime = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, ClientCredentialsClient> _clients;
    private readonly ClientCredentialsTokenCache _tokens;
    private readonly IServiceProvider _services;
    private readonly ClientCredentialsClientSource? _source;

    // The clients the source made, by name: their options are made (and validated) once per name, not per call.
    private readonly BoundedCache<ClientCredentialsOptions>? _sourced;

    public ClientCredentialsTokenService(IEnumerable<ClientCredentialsClient> clients, ClientCredentialsTokenCache tokens, IServiceProvider services)
    {
        // The last registration of a name wins, as with named options.
        _clients = clients.GroupBy(client => client.Name, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Last(), StringComparer.Ordinal);
        _tokens = tokens;
        _services = services;
        _source = services.GetService(typeof(ClientCredentialsClientSource)) as ClientCredentialsClientSource;
        if (_source is not null)
        {
            _sourced = new BoundedCache<ClientCredentialsOptions>(
                SourcedClientsLimit, SourcedClientLifetime, services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System);
        }
    }

    public async ValueTask<string> GetAccessTokenAsync(string clientName, CancellationToken cancellationToken = default) =>
        await _tokens.GetAsync(await OptionsAsync(clientName, cancellationToken), cancellationToken);

    public async ValueTask<string?> RenewAccessTokenAsync(string clientName, string refusedToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refusedToken);
        return await _tokens.RenewAfterRefusalAsync(await OptionsAsync(clientName, cancellationToken), refusedToken, cancellationToken);
    }

    /// <summary>The options of the client registered as <paramref name="clientName"/>, or else made by the application's source.</summary>
    /// <exception cref="InvalidOperationException">No client goes by that name.</exception>
    public ValueTask<ClientCredentialsOptions> OptionsAsync(string clientName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientName);
        return _clients.ContainsKey(clientName) || _source is null
            ? ValueTask.FromResult(Options(clientName))
            : SourcedAsync(clientName, cancellationToken);
    }

    private async ValueTask<ClientCredentialsOptions> SourcedAsync(string clientName, CancellationToken cancellationToken)
    {
        var source = _source!;
        return await _sourced!.GetAsync(
                clientName,
                async (name, _) => await source.Find(name, CancellationToken.None) is { } found ? source.Complete(_services, name, found) : null,
                cancellationToken)
            ?? throw new InvalidOperationException($"No client-credentials client goes by '{clientName}': neither registered, nor known to the application's client source.");
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
