using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OAuth2Generic;
using OAuth2Generic.Cognito;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The client-credentials preset of a Cognito app client: a named client (<c>AddCognitoClientCredentialsClient</c>) or an
/// <c>HttpClient</c>'s token (<c>AddCognitoClientCredentialsToken</c>), with the token endpoint from the user pool's
/// domain. Everything else is the generic client-credentials client's.
/// </summary>
public static class CognitoClientCredentialsExtensions
{
    /// <summary>
    /// Registers a client-credentials client of a Cognito app client under <paramref name="name"/> (see
    /// <see cref="ClientCredentialsExtensions.AddClientCredentialsClient(IServiceCollection, string, Action{ClientCredentialsOptions})"/>): the token
    /// endpoint is <c>{Domain}/oauth2/token</c>, and the scopes are the user pool's resource-server scopes, such as
    /// <c>orders/read</c>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="name">The client's name.</param>
    /// <param name="configureOptions">The domain, the app client's credentials and its scopes.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddCognitoClientCredentialsClient(
        this IServiceCollection services, string name, Action<CognitoClientCredentialsOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<CognitoClientCredentialsOptions>, CognitoClientCredentialsPostConfigureOptions>());
        return services.AddClientCredentialsClient<CognitoClientCredentialsOptions>(name, configureOptions);
    }

    /// <summary>
    /// Lets <see cref="IClientCredentialsTokenService"/> serve Cognito clients known only while the application runs: a
    /// client per tenant, each of its own user pool (its <see cref="CognitoClientCredentialsOptions.Domain"/>), read from a
    /// database. A name not registered with <c>AddCognitoClientCredentialsClient</c> is given to
    /// <paramref name="findClient"/>; its options are completed and validated as at start-up, kept for 10 minutes with up
    /// to 1,000 others, and its tokens cached under its own key (token endpoint, client id, scopes).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="findClient">The client's options for a name (say, a tenant's id), or null when no client goes by it.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddCognitoClientCredentialsClients(
        this IServiceCollection services, Func<string, CancellationToken, ValueTask<CognitoClientCredentialsOptions?>> findClient)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<CognitoClientCredentialsOptions>, CognitoClientCredentialsPostConfigureOptions>());
        return services.AddClientCredentialsClients(findClient);
    }

    /// <summary>
    /// Attaches a client-credentials token of a Cognito app client to the requests of the client that go to its own
    /// origins (see <see cref="ClientCredentialsExtensions.AddClientCredentialsToken(IHttpClientBuilder, Action{ClientCredentialsOptions})"/>): the
    /// token endpoint is <c>{Domain}/oauth2/token</c>, and the scopes are the user pool's resource-server scopes, such as
    /// <c>orders/read</c>.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configureOptions">The domain, the app client's credentials and its scopes.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHttpClientBuilder AddCognitoClientCredentialsToken(this IHttpClientBuilder builder, Action<CognitoClientCredentialsOptions> configureOptions) =>
        builder.AddCognitoClientCredentialsToken(configureOptions, configureHandler: null);

    /// <summary>
    /// Attaches a client-credentials token of a Cognito app client to the requests of the client that go to its own
    /// origins (see <see cref="AddCognitoClientCredentialsToken(IHttpClientBuilder, Action{CognitoClientCredentialsOptions})"/>),
    /// with the handler's options.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configureOptions">The domain, the app client's credentials and its scopes.</param>
    /// <param name="configureHandler">The handler's origins; null for the defaults.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHttpClientBuilder AddCognitoClientCredentialsToken(
        this IHttpClientBuilder builder, Action<CognitoClientCredentialsOptions> configureOptions, Action<TokenHandlerOptions>? configureHandler)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCognitoClientCredentialsClient(builder.Name, configureOptions);
        return builder.AddClientCredentialsToken(builder.Name, configureHandler);
    }
}
