using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// Binds one scheme's options from configuration, before the application's own delegate, which therefore wins: from the
/// section the application passed, else by convention from <c>Authentication:Schemes:{scheme}</c>, the section
/// <c>AddJwtBearer()</c> reads (the framework's <see cref="IAuthenticationConfigurationProvider"/>). The options follow
/// changes of the section. The one way every options type of the package is bound; only the binder differs.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class SchemeConfigurationBinding<TOptions> : IConfigureNamedOptions<TOptions>
    where TOptions : class
{
    private readonly string _scheme;
    private readonly IConfiguration _section;
    private readonly bool _bindWhenMissing;
    private readonly Action<IConfiguration, TOptions> _bind;

    private SchemeConfigurationBinding(string scheme, IConfiguration section, bool bindWhenMissing, Action<IConfiguration, TOptions> bind)
    {
        _scheme = scheme;
        _section = section;
        _bindWhenMissing = bindWhenMissing;
        _bind = bind;
    }

    /// <summary>Registers the binding of <paramref name="scheme"/>; call it before the scheme's own delegate is registered.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="scheme">The scheme, whose named options are bound.</param>
    /// <param name="section">The section the application passed; null for the convention's.</param>
    /// <param name="hasDelegate">Whether the application configures the options in code too. Without, the convention's
    /// section is the options' only source, so a missing one is named in the start-up message.</param>
    /// <param name="bind">The options type's binder, which also records the section for that message.</param>
    public static void Register(IServiceCollection services, string scheme, IConfiguration? section, bool hasDelegate, Action<IConfiguration, TOptions> bind)
    {
        services.AddSingleton<IConfigureOptions<TOptions>>(provider =>
            new SchemeConfigurationBinding<TOptions>(scheme, section ?? ConventionSection(provider, scheme), bindWhenMissing: section is not null || !hasDelegate, bind));
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(provider =>
            new ConfigurationChangeTokenSource<TOptions>(scheme, section ?? ConventionSection(provider, scheme)));
    }

    public void Configure(string? name, TOptions options)
    {
        if (name == _scheme && (_bindWhenMissing || _section is not IConfigurationSection convention || convention.Exists()))
        {
            _bind(_section, options);
        }
    }

    public void Configure(TOptions options) => Configure(Options.DefaultName, options);

    // AddAuthentication registers the provider over the application's IConfiguration; an AuthenticationBuilder made by
    // hand has none, and then nothing to bind.
    private static IConfiguration ConventionSection(IServiceProvider provider, string scheme) =>
        provider.GetService<IAuthenticationConfigurationProvider>()?.GetSchemeConfiguration(scheme)
            ?? new ConfigurationBuilder().Build().GetSection($"Authentication:Schemes:{scheme}");
}
