using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OAuth2Generic;
using OAuth2Generic.Cognito;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the Cognito access-token handler on an <see cref="AuthenticationBuilder"/>: an API that accepts the
/// access tokens of a Cognito user pool as <c>Authorization: Bearer</c>.
/// </summary>
public static class CognitoJwtBearerExtensions
{
    /// <summary>
    /// Adds the Cognito access-token handler under <see cref="CognitoJwtBearerDefaults.AuthenticationScheme"/>, bound from
    /// the configuration section <c>Authentication:Schemes:CognitoJwtBearer</c>, as <c>AddJwtBearer()</c> binds
    /// <c>Authentication:Schemes:Bearer</c>.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(this AuthenticationBuilder builder) =>
        builder.AddCognitoJwtBearer(CognitoJwtBearerDefaults.AuthenticationScheme, section: null, configureOptions: null);

    /// <summary>
    /// Adds the Cognito access-token handler under the given scheme, bound from the configuration section
    /// <c>Authentication:Schemes:{scheme}</c>; several schemes accept the tokens of several user pools side by side.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(this AuthenticationBuilder builder, string authenticationScheme) =>
        builder.AddCognitoJwtBearer(authenticationScheme, section: null, configureOptions: null);

    /// <summary>
    /// Adds the Cognito access-token handler under <see cref="CognitoJwtBearerDefaults.AuthenticationScheme"/>: the options
    /// are bound from <c>Authentication:Schemes:CognitoJwtBearer</c> when that section exists, then given to the delegate.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configureOptions">Configures the options: the user pool and the accepted app clients at least.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(this AuthenticationBuilder builder, Action<CognitoJwtBearerOptions> configureOptions) =>
        builder.AddCognitoJwtBearer(CognitoJwtBearerDefaults.AuthenticationScheme, configureOptions);

    /// <summary>
    /// Adds the Cognito access-token handler under the given scheme; several schemes accept the tokens of several user
    /// pools side by side. The options are bound from <c>Authentication:Schemes:{scheme}</c> when that section exists,
    /// then given to the delegate, and validated at start-up.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configureOptions">Configures the options: the user pool and the accepted app clients at least.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(
        this AuthenticationBuilder builder, string authenticationScheme, Action<CognitoJwtBearerOptions> configureOptions) =>
        builder.AddCognitoJwtBearer(authenticationScheme, section: null, configureOptions ?? throw new ArgumentNullException(nameof(configureOptions)));

    /// <summary>
    /// Adds the Cognito access-token handler under <see cref="CognitoJwtBearerDefaults.AuthenticationScheme"/>, bound from
    /// a configuration section (see <see cref="AddCognitoJwtBearer(AuthenticationBuilder, string, IConfiguration)"/>).
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configuration">The section, for example <c>Configuration.GetSection("Authentication:Schemes:CognitoJwtBearer")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(this AuthenticationBuilder builder, IConfiguration configuration) =>
        builder.AddCognitoJwtBearer(CognitoJwtBearerDefaults.AuthenticationScheme, configuration);

    /// <summary>
    /// Adds the Cognito access-token handler under the given scheme, bound from the configuration section given (and not
    /// from <c>Authentication:Schemes:{scheme}</c>) under the options' own names (<c>Region</c>, <c>UserPoolId</c>,
    /// <c>Issuer</c>, <c>ClientIds</c>, <c>TokenUse</c>, …). The options follow changes of the section.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configuration">The section, for example <c>Configuration.GetSection("Authentication:Schemes:CognitoJwtBearer")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(
        this AuthenticationBuilder builder, string authenticationScheme, IConfiguration configuration) =>
        builder.AddCognitoJwtBearer(authenticationScheme, configuration ?? throw new ArgumentNullException(nameof(configuration)), configureOptions: null);

    private static AuthenticationBuilder AddCognitoJwtBearer(
        this AuthenticationBuilder builder, string authenticationScheme, IConfiguration? section, Action<CognitoJwtBearerOptions>? configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);

        // Before the delegate, which AddScheme registers: the application's code wins over its configuration.
        SchemeConfigurationBinding<CognitoJwtBearerOptions>.Register(
            builder.Services, authenticationScheme, section, configureOptions is not null, CognitoJwtBearerConfigurationBinder.Bind);
        builder.Services.TryAddSingleton<SigningKeyCache>();
        builder.Services.AddOAuth2GenericMetrics();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<CognitoJwtBearerOptions>, CognitoJwtBearerPostConfigureOptions>());
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<CognitoJwtBearerOptions>, CognitoJwtBearerOptionsValidator>());
        builder.Services.AddOptions<CognitoJwtBearerOptions>(authenticationScheme).ValidateOnStart();
        return builder.AddScheme<CognitoJwtBearerOptions, CognitoJwtBearerHandler>(authenticationScheme, displayName: null, configureOptions ?? (static _ => { }));
    }
}
