using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OAuth2Generic;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the generic OAuth 2.0 handler on an <see cref="AuthenticationBuilder"/>.
/// </summary>
public static class OAuth2GenericAuthenticationExtensions
{
    /// <summary>
    /// Adds the generic OAuth 2.0 handler under <see cref="OAuth2GenericDefaults.AuthenticationScheme"/>; configure it
    /// with <c>services.Configure&lt;OAuth2GenericOptions&gt;(OAuth2GenericDefaults.AuthenticationScheme, …)</c>.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddOAuth2Generic(this AuthenticationBuilder builder) =>
        builder.AddOAuth2Generic(OAuth2GenericDefaults.AuthenticationScheme, static _ => { });

    /// <summary>Adds the generic OAuth 2.0 handler under <see cref="OAuth2GenericDefaults.AuthenticationScheme"/>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddOAuth2Generic(this AuthenticationBuilder builder, Action<OAuth2GenericOptions> configureOptions) =>
        builder.AddOAuth2Generic(OAuth2GenericDefaults.AuthenticationScheme, configureOptions);

    /// <summary>
    /// Adds the generic OAuth 2.0 handler under the given scheme. Unless the options set <c>CallbackPath</c>, the
    /// callback is the path of <see cref="OAuth2GenericOptions.RedirectUrl"/>, else <c>/signin-{scheme in lower case}</c>.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name, for example <c>gitlab</c>.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddOAuth2Generic(
        this AuthenticationBuilder builder, string authenticationScheme, Action<OAuth2GenericOptions> configureOptions) =>
        builder.AddOAuth2Generic(authenticationScheme, OAuth2GenericDefaults.DisplayName, configureOptions);

    /// <summary>
    /// Adds the generic OAuth 2.0 handler under the given scheme and display name. Unless the options set
    /// <c>CallbackPath</c>, the callback is the path of <see cref="OAuth2GenericOptions.RedirectUrl"/>, else
    /// <c>/signin-{scheme in lower case}</c>.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name, for example <c>gitlab</c>.</param>
    /// <param name="displayName">The name shown to users, for example on a sign-in button.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddOAuth2Generic(
        this AuthenticationBuilder builder,
        string authenticationScheme,
        string displayName,
        Action<OAuth2GenericOptions> configureOptions) =>
        builder.AddOAuth2Generic<OAuth2GenericOptions, OAuth2GenericHandler, OAuth2GenericOptionsValidator<OAuth2GenericOptions>>(
            authenticationScheme, displayName, configureOptions);

    /// <summary>
    /// Adds the generic OAuth 2.0 handler under the given scheme, bound from a configuration section in either shape:
    /// the options' own names, or a GitLab <c>omniauth_providers</c> entry as JSON (<c>app_id</c>, <c>app_secret</c>,
    /// <c>label</c> and <c>args</c> with the Ruby strategy's options). The options follow changes of the section.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name, for example <c>gitlab</c>.</param>
    /// <param name="configuration">The section, for example <c>Configuration.GetSection("Authentication:GitLab")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddOAuth2Generic(
        this AuthenticationBuilder builder, string authenticationScheme, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddSingleton<IOptionsChangeTokenSource<OAuth2GenericOptions>>(
            new ConfigurationChangeTokenSource<OAuth2GenericOptions>(authenticationScheme, configuration));

        var displayName = OAuth2GenericConfigurationBinder.DisplayName(configuration, OAuth2GenericDefaults.DisplayName);
        return builder.AddOAuth2Generic(authenticationScheme, displayName, options =>
        {
            OAuth2GenericConfigurationBinder.Bind(configuration, options);
            options.BoundFromSection = configuration as IConfigurationSection;
        });
    }

    /// <summary>
    /// The registration every scheme of this package shares: post-configuration, validation at start-up by the options
    /// type's one validator, and the framework's OAuth registration.
    /// </summary>
    internal static AuthenticationBuilder AddOAuth2Generic<
        TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(
        this AuthenticationBuilder builder,
        string authenticationScheme,
        string displayName,
        Action<TOptions> configureOptions)
        where TOptions : OAuth2GenericOptions, new()
        where THandler : OAuth2GenericHandler<TOptions>
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);
        ArgumentNullException.ThrowIfNull(configureOptions);

        // Registered before AddOAuth, so that the post-configuration (callback default, endpoints, backchannel handler)
        // runs before the framework's own builds the backchannel from it.
        builder.Services.AddOAuth2GenericMetrics();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<TOptions>, OAuth2GenericPostConfigureOptions<TOptions>>());
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());

        // Validation must be registered for each scheme's named options; the unnamed instance is never used. (No
        // DataAnnotations: its reflection does not survive trimming; the validator checks every rule.)
        builder.Services.AddOptions<TOptions>(authenticationScheme).ValidateOnStart();

        // The refresh of saved tokens (RefreshSavedTokens), for the cookie this scheme signs into.
        builder.Services.AddSingleton(new RefreshableScheme(authenticationScheme, services =>
        {
            var monitor = services.GetRequiredService<IOptionsMonitor<TOptions>>();
            return () => monitor.Get(authenticationScheme);
        }));
        builder.Services.AddUserTokenRefresher();

        return builder.AddOAuth<TOptions, THandler>(authenticationScheme, displayName, configureOptions);
    }
}
