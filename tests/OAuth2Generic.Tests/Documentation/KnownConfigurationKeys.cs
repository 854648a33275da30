using Microsoft.Extensions.Configuration;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// The configuration keys the package reads for an options type, found the way the reference finds them (asking the
/// binding, <see cref="ConfigurationProbe"/>), so that a documented example with a misspelt key fails instead of being
/// silently ignored as configuration binding would.
/// </summary>
internal static class KnownConfigurationKeys
{
    // Keys of a GitLab omniauth_providers entry that configure GitLab or OmniAuth rather than the strategy's options
    // (GitLab's doc/integration/omniauth.md: the provider's name, label, icon and strategy class, also inside args), and
    // the display name the registration reads; none is an option.
    private static readonly string[] NotOptions =
        ["name", "label", "icon", "strategy_class", "args:name", "args:strategy_class", "DisplayName", "gitlab_username_claim"];

    private static readonly Lazy<IReadOnlyList<(string Key, bool IsDictionary)>> Generic = new(() => Find(typeof(OAuth2GenericOptions)));
    private static readonly Lazy<IReadOnlyList<(string Key, bool IsDictionary)>> Cognito = new(() => Find(typeof(CognitoOptions)));
    private static readonly Lazy<IReadOnlyList<(string Key, bool IsDictionary)>> CognitoJwtBearer = new(() => Find(typeof(CognitoJwtBearerOptions)));

    /// <summary>The keys of the section (paths relative to it) that no option of the handler's options reads.</summary>
    public static IEnumerable<string> Unknown(IConfigurationSection section, Type optionsType)
    {
        var known = optionsType == typeof(CognitoOptions) ? Cognito.Value
            : optionsType == typeof(CognitoJwtBearerOptions) ? CognitoJwtBearer.Value
            : Generic.Value;
        return section.AsEnumerable(true)
            .Where(entry => entry.Value is not null)
            .Select(entry => entry.Key)
            .Where(key => !IsKnown(WithoutIndexes(key), known));
    }

    private static bool IsKnown(string key, IReadOnlyList<(string Key, bool IsDictionary)> known)
        => NotOptions.Contains(key, StringComparer.OrdinalIgnoreCase)
            || known.Any(option => string.Equals(option.Key, key, StringComparison.OrdinalIgnoreCase)
                || (option.IsDictionary && key.StartsWith(option.Key + ":", StringComparison.OrdinalIgnoreCase)));

    // Scope:0 and id_path:1 are elements of the list option Scope and id_path.
    private static string WithoutIndexes(string key)
        => string.Join(':', key.Split(':').Where(segment => !segment.All(char.IsAsciiDigit)));

    private static List<(string Key, bool IsDictionary)> Find(Type optionsType)
    {
        var found = new List<(string, bool)>();
        foreach (var leaf in OptionLeaf.Of(optionsType))
        {
            foreach (var candidate in ConfigurationReference.CandidateKeys(leaf))
            {
                if (ConfigurationProbe.Binds(optionsType, leaf, candidate))
                {
                    found.Add((candidate, leaf.IsDictionary));
                }
            }
        }

        return found;
    }
}
