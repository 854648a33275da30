using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OAuth2Generic;
using OAuth2Generic.Cognito;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the Amazon Cognito handler on an <see cref="AuthenticationBuilder"/>.
/// </summary>
public static class CognitoAuthenticationExtensions
{
    /// <summary>
    /// Adds the Cognito handler under <see cref="CognitoDefaults.AuthenticationScheme"/>, bound from the configuration
    /// section <c>Authentication:Schemes:Cognito</c>, as <c>AddJwtBearer()</c> binds <c>Authentication:Schemes:Bearer</c>.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(this AuthenticationBuilder builder) =>
        builder.AddCognito(CognitoDefaults.AuthenticationScheme, CognitoDefaults.DisplayName, section: null, configureOptions: null);

    /// <summary>
    /// Adds the Cognito handler under the given scheme, bound from the configuration section
    /// <c>Authentication:Schemes:{scheme}</c>.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(this AuthenticationBuilder builder, string authenticationScheme) =>
        builder.AddCognito(authenticationScheme, CognitoDefaults.DisplayName, section: null, configureOptions: null);

    /// <summary>
    /// Adds the Cognito handler under <see cref="CognitoDefaults.AuthenticationScheme"/>: the options are bound from
    /// <c>Authentication:Schemes:Cognito</c> when that section exists, then given to the delegate.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(this AuthenticationBuilder builder, Action<CognitoOptions> configureOptions) =>
        builder.AddCognito(CognitoDefaults.AuthenticationScheme, configureOptions);

    /// <summary>
    /// Adds the Cognito handler under the given scheme: the options are bound from <c>Authentication:Schemes:{scheme}</c>
    /// when that section exists, then given to the delegate. Unless the options set <c>CallbackPath</c>, the callback is
    /// <c>/signin-{scheme in lower case}</c> (<see cref="CognitoDefaults.CallbackPath"/> for the default scheme).
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(
        this AuthenticationBuilder builder, string authenticationScheme, Action<CognitoOptions> configureOptions) =>
        builder.AddCognito(authenticationScheme, CognitoDefaults.DisplayName, configureOptions);

    /// <summary>
    /// Adds the Cognito handler under the given scheme and display name: the options are bound from
    /// <c>Authentication:Schemes:{scheme}</c> when that section exists, then given to the delegate.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="displayName">The name shown to users, for example on a sign-in button.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(
        this AuthenticationBuilder builder, string authenticationScheme, string displayName, Action<CognitoOptions> configureOptions) =>
        builder.AddCognito(authenticationScheme, displayName, section: null, configureOptions ?? throw new ArgumentNullException(nameof(configureOptions)));

    /// <summary>
    /// Adds the Cognito handler under <see cref="CognitoDefaults.AuthenticationScheme"/>, bound from a configuration
    /// section (see <see cref="AddCognito(AuthenticationBuilder, string, IConfiguration)"/>).
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configuration">The section, for example <c>Configuration.GetSection("Authentication:Schemes:Cognito")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(this AuthenticationBuilder builder, IConfiguration configuration) =>
        builder.AddCognito(CognitoDefaults.AuthenticationScheme, configuration);

    /// <summary>
    /// Adds the Cognito handler under the given scheme, bound from the configuration section given (and not from
    /// <c>Authentication:Schemes:{scheme}</c>): the options' own names (<c>Domain</c>, <c>Region</c>, <c>UserPoolId</c>,
    /// <c>ClientId</c>, …), or a GitLab <c>omniauth_providers</c> entry as JSON. The options follow changes of the section.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configuration">The section, for example <c>Configuration.GetSection("Authentication:Schemes:Cognito")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(
        this AuthenticationBuilder builder, string authenticationScheme, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var displayName = OAuth2GenericConfigurationBinder.DisplayName(configuration, CognitoDefaults.DisplayName);
        return builder.AddCognito(authenticationScheme, displayName, configuration, configureOptions: null);
    }

    private static AuthenticationBuilder AddCognito(
        this AuthenticationBuilder builder, string authenticationScheme, string displayName, IConfiguration? section, Action<CognitoOptions>? configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.TryAddSingleton<SigningKeyCache>();
        builder.Services.TryAddSingleton<CognitoTenants>();

        // Before the generic post-configuration, which resolves the endpoints against the site taken from Domain.
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<CognitoOptions>, CognitoPostConfigureOptions>());

        builder.AddOAuth2Generic<CognitoOptions, CognitoHandler, CognitoOptionsValidator>(
            authenticationScheme, displayName, section, CognitoConfigurationBinder.Bind, configureOptions);

        // After the refresh's cookie events: registered later, it wraps them, so a cookie of another tenant is refused
        // before anything refreshes it.
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<CookieAuthenticationOptions>, TenantCookiePostConfigure>());
        return builder;
    }
}
