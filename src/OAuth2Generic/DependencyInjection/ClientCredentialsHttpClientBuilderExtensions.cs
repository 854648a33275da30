using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OAuth2Generic;
using OAuth2Generic.Cognito;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds a client-credentials token (RFC 6749 §4.4) to the requests of an <c>HttpClient</c> made by
/// <c>IHttpClientFactory</c>: <c>services.AddHttpClient("orders").AddClientCredentialsToken(…)</c>.
/// </summary>
public static class ClientCredentialsHttpClientBuilderExtensions
{
    /// <summary>
    /// Attaches a client-credentials token of any OAuth 2.0 provider to every request of the client, as
    /// <c>Authorization: Bearer</c>. The token is cached until shortly before it expires (shared with the other servers
    /// through the application's <c>IDistributedCache</c>, protected by Data Protection, when there is one), requested
    /// once however many calls need it at once, and renewed once when the API answers 401. The options are validated at
    /// start-up.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configureOptions">The token endpoint, the client's credentials and its scopes.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHttpClientBuilder AddClientCredentialsToken(this IHttpClientBuilder builder, Action<ClientCredentialsOptions> configureOptions) =>
        builder.AddClientCredentialsToken<ClientCredentialsOptions>(configureOptions);

    /// <summary>
    /// Attaches a client-credentials token of a Cognito app client to every request of the client (see
    /// <see cref="AddClientCredentialsToken(IHttpClientBuilder, Action{ClientCredentialsOptions})"/>): the token
    /// endpoint is <c>{Domain}/oauth2/token</c>, and the scopes are the user pool's resource-server scopes, such as
    /// <c>orders/read</c>.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configureOptions">The domain, the app client's credentials and its scopes.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHttpClientBuilder AddCognitoClientCredentialsToken(this IHttpClientBuilder builder, Action<CognitoClientCredentialsOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<CognitoClientCredentialsOptions>, CognitoClientCredentialsPostConfigureOptions>());
        return builder.AddClientCredentialsToken<CognitoClientCredentialsOptions>(configureOptions);
    }

    private static IHttpClientBuilder AddClientCredentialsToken<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IHttpClientBuilder builder, Action<TOptions> configureOptions)
        where TOptions : ClientCredentialsOptions
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);

        // Data Protection keeps the tokens a distributed cache holds unreadable to anyone without the key ring.
        builder.Services.AddDataProtection();
        builder.Services.AddOAuth2GenericMetrics();
        builder.Services.TryAddSingleton<ClientCredentialsTokenCache>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ClientCredentialsOptionsValidator<TOptions>>());
        builder.Services.AddOptions<TOptions>(builder.Name)
            .Configure(configureOptions)
            .PostConfigure<OAuth2GenericMetrics>(static (options, metrics) => options.Metrics = metrics)
            .ValidateOnStart();

        var name = builder.Name;
        return builder.AddHttpMessageHandler(services => new ClientCredentialsTokenHandler(
            services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name),
            services.GetRequiredService<ClientCredentialsTokenCache>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("OAuth2Generic.ClientCredentials")));
    }
}
