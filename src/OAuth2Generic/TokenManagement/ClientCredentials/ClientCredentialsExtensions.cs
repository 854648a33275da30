using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OAuth2Generic;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Client-credentials tokens (RFC 6749 §4.4) for outgoing calls: clients registered by name, for
/// <see cref="IClientCredentialsTokenService"/> (<c>services.AddClientCredentialsClient("orders", …)</c>), and their tokens
/// attached to the requests of an <c>HttpClient</c> made by <c>IHttpClientFactory</c>
/// (<c>services.AddHttpClient("orders").AddClientCredentialsToken(…)</c>).
/// </summary>
public static class ClientCredentialsExtensions
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

    /// <summary>
    /// Lets <see cref="IClientCredentialsTokenService"/> serve clients whose names are known only while the application
    /// runs (a client per tenant, read from a database): a name not registered with <c>AddClientCredentialsClient</c> is
    /// given to <paramref name="findClient"/>, whose options are validated as at start-up and kept, with up to 1,000
    /// others, for 10 minutes. Each client's tokens are cached under its own key (its token endpoint, client id and
    /// scopes), as a registered client's are. One source per application; a later call replaces it.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="findClient">The client's options for a name, or null when no client goes by it.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddClientCredentialsClients(
        this IServiceCollection services, Func<string, CancellationToken, ValueTask<ClientCredentialsOptions?>> findClient) =>
        services.AddClientCredentialsClients<ClientCredentialsOptions>(findClient);

    /// <summary>A source of clients of any options type derived from <see cref="ClientCredentialsOptions"/>, for the presets.</summary>
    internal static IServiceCollection AddClientCredentialsClients<TOptions>(
        this IServiceCollection services, Func<string, CancellationToken, ValueTask<TOptions?>> findClient)
        where TOptions : ClientCredentialsOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(findClient);
        services.AddClientCredentialsTokenService();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ClientCredentialsOptionsValidator<TOptions>>());
        services.AddSingleton(new ClientCredentialsClientSource(
            async (name, cancellationToken) => await findClient(name, cancellationToken),
            static (provider, name, options) => Complete(provider, name, (TOptions)options)));
        return services;
    }

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

    /// <summary>
    /// Attaches a client-credentials token of any OAuth 2.0 provider, as <c>Authorization: Bearer</c>, to the requests of
    /// the client that go to its own origins (its <c>BaseAddress</c>, and <see cref="TokenHandlerOptions.AllowedOrigins"/>).
    /// The token is cached until shortly before it expires (shared with the other servers through the application's
    /// <c>IDistributedCache</c>, protected by Data Protection, when there is one), requested once however many calls need
    /// it at once, renewed once when the API answers 401, and not requested again for
    /// <see cref="ClientCredentialsOptions.RetryDelay"/> after a request failed. The client-credentials client is
    /// registered under the <c>HttpClient</c>'s name. The options are validated at start-up.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configureOptions">The token endpoint, the client's credentials and its scopes.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHttpClientBuilder AddClientCredentialsToken(this IHttpClientBuilder builder, Action<ClientCredentialsOptions> configureOptions) =>
        builder.AddClientCredentialsToken(configureOptions, configureHandler: null);

    /// <summary>
    /// Attaches a client-credentials token of any OAuth 2.0 provider to the requests of the client that go to its own
    /// origins (see <see cref="AddClientCredentialsToken(IHttpClientBuilder, Action{ClientCredentialsOptions})"/>), with
    /// the handler's options: the origins the token may go to besides the client's <c>BaseAddress</c>, and what happens
    /// to a request to any other.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configureOptions">The token endpoint, the client's credentials and its scopes.</param>
    /// <param name="configureHandler">The handler's origins; null for the defaults.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHttpClientBuilder AddClientCredentialsToken(
        this IHttpClientBuilder builder, Action<ClientCredentialsOptions> configureOptions, Action<TokenHandlerOptions>? configureHandler)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddClientCredentialsClient(builder.Name, configureOptions);
        return builder.AddClientCredentialsToken(builder.Name, configureHandler);
    }

    /// <summary>
    /// Attaches the token of the client-credentials client registered as <paramref name="clientName"/>
    /// (<c>AddClientCredentialsClient</c>) to the requests of the client that go to its own origins (its
    /// <c>BaseAddress</c>, and <see cref="TokenHandlerOptions.AllowedOrigins"/>); on a 401 from the API the token is
    /// renewed once and the request sent once more.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="clientName">The client-credentials client's name.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHttpClientBuilder AddClientCredentialsToken(this IHttpClientBuilder builder, string clientName) =>
        builder.AddClientCredentialsToken(clientName, configureHandler: null);

    /// <summary>
    /// Attaches the token of the client-credentials client registered as <paramref name="clientName"/> to the requests of
    /// the client that go to its own origins (see <see cref="AddClientCredentialsToken(IHttpClientBuilder, string)"/>),
    /// with the handler's options.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="clientName">The client-credentials client's name.</param>
    /// <param name="configureHandler">The handler's origins; null for the defaults.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHttpClientBuilder AddClientCredentialsToken(this IHttpClientBuilder builder, string clientName, Action<TokenHandlerOptions>? configureHandler)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        builder.Services.AddClientCredentialsTokenService();
        builder.Services.AddTokenHandlerOptions<TokenHandlerOptions>(builder.Name, configureHandler);

        var name = builder.Name;
        return builder.AddHttpMessageHandler(services => new ClientCredentialsTokenHandler(
            services.GetRequiredService<ClientCredentialsTokenService>().Options(clientName),
            services.GetRequiredService<ClientCredentialsTokenCache>(),
            TokenOrigins.For(name, services.GetRequiredService<IOptionsMonitor<TokenHandlerOptions>>().Get(name), services),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("OAuth2Generic.ClientCredentials")));
    }

    // What the options pipeline does to a registered client's options, done to one a source made.
    private static TOptions Complete<TOptions>(IServiceProvider provider, string name, TOptions options)
        where TOptions : ClientCredentialsOptions
    {
        foreach (var postConfigure in provider.GetServices<IPostConfigureOptions<TOptions>>())
        {
            postConfigure.PostConfigure(name, options);
        }

        options.Metrics = provider.GetService<OAuth2GenericMetrics>();
        var failures = provider.GetServices<IValidateOptions<TOptions>>()
            .Select(validator => validator.Validate(name, options))
            .Where(result => result.Failed)
            .SelectMany(result => result.Failures ?? [])
            .ToList();
        return failures.Count == 0 ? options : throw new OptionsValidationException(name, typeof(TOptions), failures);
    }
}
