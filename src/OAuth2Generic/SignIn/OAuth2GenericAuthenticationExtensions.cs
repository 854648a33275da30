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
    /// Adds the generic OAuth 2.0 handler under <see cref="OAuth2GenericDefaults.AuthenticationScheme"/>, bound from the
    /// configuration section <c>Authentication:Schemes:OAuth2Generic</c>, as <c>AddJwtBearer()</c> binds
    /// <c>Authentication:Schemes:Bearer</c>.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddOAuth2Generic(this AuthenticationBuilder builder) =>
        builder.AddOAuth2Generic<OAuth2GenericOptions, OAuth2GenericHandler, OAuth2GenericOptionsValidator<OAuth2GenericOptions>>(
            OAuth2GenericDefaults.AuthenticationScheme, OAuth2GenericDefaults.DisplayName, section: null, OAuth2GenericConfigurationBinder.Bind, configureOptions: null);

    /// <summary>
    /// Adds the generic OAuth 2.0 handler under the given scheme, bound from the configuration section
    /// <c>Authentication:Schemes:{scheme}</c> (in either shape, see
    /// <see cref="AddOAuth2Generic(AuthenticationBuilder, string, IConfiguration)"/>), as <c>AddJwtBearer()</c> binds
    /// <c>Authentication:Schemes:Bearer</c>. The display name is the default one: pass the section to have its
    /// <c>DisplayName</c> (or GitLab's <c>label</c>).
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name, for example <c>gitlab</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddOAuth2Generic(this AuthenticationBuilder builder, string authenticationScheme) =>
        builder.AddOAuth2Generic<OAuth2GenericOptions, OAuth2GenericHandler, OAuth2GenericOptionsValidator<OAuth2GenericOptions>>(
            authenticationScheme, OAuth2GenericDefaults.DisplayName, section: null, OAuth2GenericConfigurationBinder.Bind, configureOptions: null);

    /// <summary>
    /// Adds the generic OAuth 2.0 handler under <see cref="OAuth2GenericDefaults.AuthenticationScheme"/>: the options are
    /// bound from <c>Authentication:Schemes:OAuth2Generic</c> when that section exists, then given to the delegate.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddOAuth2Generic(this AuthenticationBuilder builder, Action<OAuth2GenericOptions> configureOptions) =>
        builder.AddOAuth2Generic(OAuth2GenericDefaults.AuthenticationScheme, configureOptions);

    /// <summary>
    /// Adds the generic OAuth 2.0 handler under the given scheme: the options are bound from
    /// <c>Authentication:Schemes:{scheme}</c> when that section exists, then given to the delegate. Unless the options set
    /// <c>CallbackPath</c>, the callback is the path of <see cref="OAuth2GenericOptions.RedirectUrl"/>, else
    /// <c>/signin-{scheme in lower case}</c>.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name, for example <c>gitlab</c>.</param>
    /// <param name="configureOptions">Configures the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddOAuth2Generic(
        this AuthenticationBuilder builder, string authenticationScheme, Action<OAuth2GenericOptions> configureOptions) =>
        builder.AddOAuth2Generic(authenticationScheme, OAuth2GenericDefaults.DisplayName, configureOptions);

    /// <summary>
    /// Adds the generic OAuth 2.0 handler under the given scheme and display name: the options are bound from
    /// <c>Authentication:Schemes:{scheme}</c> when that section exists, then given to the delegate. Unless the options set
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
            authenticationScheme, displayName, section: null, OAuth2GenericConfigurationBinder.Bind, configureOptions ?? throw new ArgumentNullException(nameof(configureOptions)));

    /// <summary>
    /// Adds the generic OAuth 2.0 handler under the given scheme, bound from the configuration section given (and not from
    /// <c>Authentication:Schemes:{scheme}</c>) in either shape:
    /// the options' own names, or a GitLab <c>omniauth_providers</c> entry as JSON (<c>app_id</c>, <c>app_secret</c>,
    /// <c>label</c> and <c>args</c> with the Ruby strategy's options). The options follow changes of the section.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name, for example <c>gitlab</c>.</param>
    /// <param name="configuration">The section, for example <c>Configuration.GetSection("Authentication:Schemes:gitlab")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddOAuth2Generic(
        this AuthenticationBuilder builder, string authenticationScheme, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var displayName = OAuth2GenericConfigurationBinder.DisplayName(configuration, OAuth2GenericDefaults.DisplayName);
        return builder.AddOAuth2Generic<OAuth2GenericOptions, OAuth2GenericHandler, OAuth2GenericOptionsValidator<OAuth2GenericOptions>>(
            authenticationScheme, displayName, configuration, OAuth2GenericConfigurationBinder.Bind, configureOptions: null);
    }

    /// <summary>
    /// The registration every scheme of this package shares: binding from configuration (the section given, else
    /// <c>Authentication:Schemes:{scheme}</c>) before the delegate, post-configuration, validation at start-up by the
    /// options type's one validator, and the framework's OAuth registration.
    /// </summary>
    internal static AuthenticationBuilder AddOAuth2Generic<
        TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(
        this AuthenticationBuilder builder,
        string authenticationScheme,
        string displayName,
        IConfiguration? section,
        Action<IConfiguration, TOptions> bind,
        Action<TOptions>? configureOptions)
        where TOptions : OAuth2GenericOptions, new()
        where THandler : OAuth2GenericHandler<TOptions>
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);

        // Before the delegate, which AddOAuth registers: the application's code wins over its configuration.
        SchemeConfigurationBinding<TOptions>.Register(builder.Services, authenticationScheme, section, configureOptions is not null, bind);

        // Registered before AddOAuth, so that the post-configuration (callback default, endpoints, backchannel handler)
        // runs before the framework's own builds the backchannel from it.
        builder.Services.AddOAuth2GenericMetrics();
        builder.Services.TryAddSingleton<SigningKeyCache>();
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

        builder.AddOAuth<TOptions, THandler>(authenticationScheme, displayName, configureOptions ?? (static _ => { }));

        // After the framework's post-configuration, which makes the backchannel: see ProviderHttpClient.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<TOptions>, FrameworkBackchannelPostConfigure<TOptions>>());
        return builder;
    }
}
