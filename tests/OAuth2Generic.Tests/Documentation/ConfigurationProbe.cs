using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// Finds out which configuration keys the package's binding reads, by asking it: a section holding one key with a
/// probe value is bound through the real registration (<c>AddOAuth2Generic</c> or <c>AddCognito</c> with an
/// <see cref="IConfiguration"/>), and the key binds to an option when that option's value changes. Only the
/// registration's own configure step runs (no post-configuration, no validation), so a lone key is enough.
/// </summary>
internal static class ConfigurationProbe
{
    private const string Scheme = "probe";

    /// <summary>Whether <paramref name="key"/> (a dictionary option's key gets a child) binds to <paramref name="leaf"/>.</summary>
    public static bool Binds(Type optionsType, OptionLeaf leaf, string key)
    {
        var defaults = Activator.CreateInstance(optionsType)!;
        if (OptionValueText.Probe(leaf.Property.PropertyType, leaf.Read(defaults)) is not { } probe)
        {
            return false;
        }

        var entries = new Dictionary<string, string?> { [leaf.IsDictionary ? key + ":probe-key" : key] = probe };
        object bound;
        try
        {
            bound = Bind(optionsType, new ConfigurationBuilder().AddInMemoryCollection(entries).Build());
        }
        catch (InvalidOperationException)
        {
            // The key binds to an option of another type, which refuses this probe's value: not this option's key.
            return false;
        }

        return OptionValueText.Show(leaf.Read(bound)) != OptionValueText.Show(leaf.Read(defaults));
    }

    private static object Bind(Type optionsType, IConfiguration configuration)
    {
        var services = new ServiceCollection();
        var authentication = services.AddAuthentication();
        if (optionsType == typeof(CognitoOptions))
        {
            authentication.AddCognito(Scheme, configuration);
            return Create<CognitoOptions>(services);
        }

        if (optionsType == typeof(CognitoJwtBearerOptions))
        {
            authentication.AddCognitoJwtBearer(Scheme, configuration);
            return Create<CognitoJwtBearerOptions>(services);
        }

        authentication.AddOAuth2Generic(Scheme, configuration);
        return Create<OAuth2GenericOptions>(services);
    }

    private static TOptions Create<TOptions>(ServiceCollection services)
        where TOptions : class
    {
        using var provider = services.BuildServiceProvider();
        return new OptionsFactory<TOptions>(provider.GetServices<IConfigureOptions<TOptions>>(), []).Create(Scheme);
    }
}
