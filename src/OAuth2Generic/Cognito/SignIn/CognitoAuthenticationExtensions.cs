using Microsoft.AspNetCore.Authentication;
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
    /// Adds the Cognito handler under <see cref="CognitoDefaults.AuthenticationScheme"/>; configure it with
    /// <c>services.Configure&lt;CognitoOptions&gt;(CognitoDefaults.AuthenticationScheme, …)</c>.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(this AuthenticationBuilder builder) =>
        builder.AddCognito(CognitoDefaults.AuthenticationScheme, static _ => { });

    /// <summary>Adds the Cognito handler under <see cref="CognitoDefaults.AuthenticationScheme"/>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(this AuthenticationBuilder builder, Action<CognitoOptions> configureOptions) =>
        builder.AddCognito(CognitoDefaults.AuthenticationScheme, configureOptions);

    /// <summary>
    /// Adds the Cognito handler under the given scheme. Unless the options set <c>CallbackPath</c>, the callback is
    /// <c>/signin-{scheme in lower case}</c> (<see cref="CognitoDefaults.CallbackPath"/> for the default scheme).
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(
        this AuthenticationBuilder builder, string authenticationScheme, Action<CognitoOptions> configureOptions) =>
        builder.AddCognito(authenticationScheme, CognitoDefaults.DisplayName, configureOptions);

    /// <summary>Adds the Cognito handler under the given scheme and display name.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="displayName">The name shown to users, for example on a sign-in button.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(
        this AuthenticationBuilder builder, string authenticationScheme, string displayName, Action<CognitoOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.TryAddSingleton<CognitoSigningKeyCache>();

        // Before the generic post-configuration, which resolves the endpoints against the site taken from Domain.
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<CognitoOptions>, CognitoPostConfigureOptions>());

        return builder.AddOAuth2Generic<CognitoOptions, CognitoHandler, CognitoOptionsValidator>(authenticationScheme, displayName, configureOptions);
    }

    /// <summary>
    /// Adds the Cognito handler under <see cref="CognitoDefaults.AuthenticationScheme"/>, bound from a configuration
    /// section (see <see cref="AddCognito(AuthenticationBuilder, string, IConfiguration)"/>).
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configuration">The section, for example <c>Configuration.GetSection("Authentication:Cognito")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(this AuthenticationBuilder builder, IConfiguration configuration) =>
        builder.AddCognito(CognitoDefaults.AuthenticationScheme, configuration);

    /// <summary>
    /// Adds the Cognito handler under the given scheme, bound from a configuration section: the options' own names
    /// (<c>Domain</c>, <c>Region</c>, <c>UserPoolId</c>, <c>ClientId</c>, …), or a GitLab <c>omniauth_providers</c>
    /// entry as JSON. The options follow changes of the section.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configuration">The section, for example <c>Configuration.GetSection("Authentication:Cognito")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognito(
        this AuthenticationBuilder builder, string authenticationScheme, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddSingleton<IOptionsChangeTokenSource<CognitoOptions>>(
            new ConfigurationChangeTokenSource<CognitoOptions>(authenticationScheme, configuration));

        var displayName = OAuth2GenericConfigurationBinder.DisplayName(configuration, CognitoDefaults.DisplayName);
        return builder.AddCognito(authenticationScheme, displayName, options =>
        {
            CognitoConfigurationBinder.Bind(configuration, options);
            options.BoundFromSection = configuration as IConfigurationSection;
        });
    }
}
