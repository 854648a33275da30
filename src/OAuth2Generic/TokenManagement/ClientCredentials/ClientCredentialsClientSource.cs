namespace OAuth2Generic;

/// <summary>
/// Where <see cref="IClientCredentialsTokenService"/> finds a client whose name was not registered at start-up: the
/// application's function (a tenant's client, read from a database), with the post-configuration and validation of the
/// options type it returns.
/// </summary>
/// <param name="Find">The application's function; null when no client goes by the name.</param>
/// <param name="Complete">Post-configures and validates what <paramref name="Find"/> returned, as at start-up (throws
/// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming the option).</param>
internal sealed record ClientCredentialsClientSource(
    Func<string, CancellationToken, ValueTask<ClientCredentialsOptions?>> Find,
    Func<IServiceProvider, string, ClientCredentialsOptions, ClientCredentialsOptions> Complete);
