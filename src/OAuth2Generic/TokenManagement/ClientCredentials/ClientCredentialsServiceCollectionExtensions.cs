using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OAuth2Generic;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers client-credentials clients (RFC 6749 §4.4) by name, for <see cref="IClientCredentialsTokenService"/> and for
/// <c>HttpClient</c>s that attach their tokens (<c>AddClientCredentialsToken("name")</c>).
/// </summary>
public static class ClientCredentialsServiceCollectionExtensions
{
    /// <summary>
    /// Registers a client-credentials client of any OAuth 2.0 provider under <paramref name="name"/>: its tokens are cached
    /// until shortly before they expire (shared with the other servers through the application's <c>IDistributedCache</c>,
    /// protected by Data Protection, when there is one), requested once however many callers need one at once, and not
    /// requested again for <see cref="ClientCredentialsOptions.RetryDelay"/> after a request failed. The options are
    /// validated at start-up.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="name">The client's name, which <see cref="IClientCredentialsTokenService"/> and <c>AddClientCredentialsToken</c> take.</param>
    /// <param name="configureOptions">The token endpoint, the client's credentials and its scopes.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddClientCredentialsClient(this IServiceCollection services, string name, Action<ClientCredentialsOptions> configureOptions) =>
        services.AddClientCredentialsClient<ClientCredentialsOptions>(name, configureOptions);

    /// <summary>A client-credentials client of any options type derived from <see cref="ClientCredentialsOptions"/>, for the presets.</summary>
    internal static IServiceCollection AddClientCredentialsClient<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services, string name, Action<TOptions> configureOptions)
        where TOptions : ClientCredentialsOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configureOptions);

        services.AddClientCredentialsTokenService();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ClientCredentialsOptionsValidator<TOptions>>());
        services.AddOptions<TOptions>(name)
            .Configure(configureOptions)
            .PostConfigure<OAuth2GenericMetrics>(static (options, metrics) => options.Metrics = metrics)
            .ValidateOnStart();
        // The same name with another options type would configure two clients, one of which the name never reaches.
        if (services.Select(descriptor => descriptor.ImplementationInstance).OfType<ClientCredentialsClient>()
            .FirstOrDefault(client => client.Name == name && client.OptionsType != typeof(TOptions)) is { } other)
        {
            throw new InvalidOperationException(
                $"A client-credentials client named '{name}' is registered already, with {other.OptionsType.Name}: give this one another name.");
        }

        services.AddSingleton(new ClientCredentialsClient(name, typeof(TOptions), provider => provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name)));
        return services;
    }

    /// <summary>The token cache and the service over it, once.</summary>
    internal static IServiceCollection AddClientCredentialsTokenService(this IServiceCollection services)
    {
        // Data Protection keeps the tokens a distributed cache holds unreadable to anyone without the key ring.
        services.AddDataProtection();
        services.AddOAuth2GenericMetrics();
        services.TryAddSingleton<ClientCredentialsTokenCache>();
        services.TryAddSingleton<ClientCredentialsTokenService>();
        services.TryAddSingleton<IClientCredentialsTokenService>(provider => provider.GetRequiredService<ClientCredentialsTokenService>());
        return services;
    }
}
