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
    /// Adds the Cognito access-token handler under <see cref="CognitoJwtBearerDefaults.AuthenticationScheme"/>; configure
    /// it with <c>services.Configure&lt;CognitoJwtBearerOptions&gt;(CognitoJwtBearerDefaults.AuthenticationScheme, …)</c>.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(this AuthenticationBuilder builder) =>
        builder.AddCognitoJwtBearer(CognitoJwtBearerDefaults.AuthenticationScheme, static _ => { });

    /// <summary>Adds the Cognito access-token handler under <see cref="CognitoJwtBearerDefaults.AuthenticationScheme"/>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configureOptions">Configures the options: the user pool and the accepted app clients at least.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(this AuthenticationBuilder builder, Action<CognitoJwtBearerOptions> configureOptions) =>
        builder.AddCognitoJwtBearer(CognitoJwtBearerDefaults.AuthenticationScheme, configureOptions);

    /// <summary>
    /// Adds the Cognito access-token handler under the given scheme; several schemes accept the tokens of several user
    /// pools side by side. The options are validated at start-up.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configureOptions">Configures the options: the user pool and the accepted app clients at least.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(
        this AuthenticationBuilder builder, string authenticationScheme, Action<CognitoJwtBearerOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);
        ArgumentNullException.ThrowIfNull(configureOptions);

        builder.Services.TryAddSingleton<CognitoSigningKeyCache>();
        builder.Services.AddOAuth2GenericMetrics();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<CognitoJwtBearerOptions>, CognitoJwtBearerPostConfigureOptions>());
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<CognitoJwtBearerOptions>, CognitoJwtBearerOptionsValidator>());
        builder.Services.AddOptions<CognitoJwtBearerOptions>(authenticationScheme).ValidateOnStart();
        return builder.AddScheme<CognitoJwtBearerOptions, CognitoJwtBearerHandler>(authenticationScheme, displayName: null, configureOptions);
    }

    /// <summary>
    /// Adds the Cognito access-token handler under <see cref="CognitoJwtBearerDefaults.AuthenticationScheme"/>, bound from
    /// a configuration section (see <see cref="AddCognitoJwtBearer(AuthenticationBuilder, string, IConfiguration)"/>).
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configuration">The section, for example <c>Configuration.GetSection("Authentication:CognitoApi")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(this AuthenticationBuilder builder, IConfiguration configuration) =>
        builder.AddCognitoJwtBearer(CognitoJwtBearerDefaults.AuthenticationScheme, configuration);

    /// <summary>
    /// Adds the Cognito access-token handler under the given scheme, bound from a configuration section under the options'
    /// own names (<c>Region</c>, <c>UserPoolId</c>, <c>Issuer</c>, <c>ClientIds</c>, <c>TokenUse</c>, …). The options
    /// follow changes of the section.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configuration">The section, for example <c>Configuration.GetSection("Authentication:CognitoApi")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddCognitoJwtBearer(
        this AuthenticationBuilder builder, string authenticationScheme, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddSingleton<IOptionsChangeTokenSource<CognitoJwtBearerOptions>>(
            new ConfigurationChangeTokenSource<CognitoJwtBearerOptions>(authenticationScheme, configuration));
        return builder.AddCognitoJwtBearer(authenticationScheme, options =>
        {
            CognitoJwtBearerConfigurationBinder.Bind(configuration, options);
            options.BoundFromSection = configuration as IConfigurationSection;
        });
    }
}
