using System.Globalization;
using System.Text;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// Builds the tables of docs/configuration.md from the package itself: the public option types (reflection), their
/// summaries (the XML documentation file of the build), their defaults (new instances), and the keys they bind from
/// (<see cref="ConfigurationProbe"/>: the package's binding code, asked key by key).
/// </summary>
internal static class ConfigurationReference
{
    public const string Begin = "<!-- BEGIN GENERATED REFERENCE: rewrite with UPDATE_DOCS=1, never by hand -->";
    public const string End = "<!-- END GENERATED REFERENCE -->";

    // Keys that are not the snake_case of the C# name: the top-level keys of a GitLab omniauth_providers entry that stand
    // for an option (GitLab's doc/integration/omniauth.md), and omniauth-oauth2's pkce, probed inside args.
    private static readonly (string Key, string Shown)[] OtherRubyKeys =
        [("args:pkce", "`pkce`"), ("app_id", "`app_id` (GitLab)"), ("app_secret", "`app_secret` (GitLab)")];

    private static readonly Type[] FrameworkOrder =
    [
        typeof(Microsoft.AspNetCore.Authentication.OAuth.OAuthOptions),
        typeof(Microsoft.AspNetCore.Authentication.RemoteAuthenticationOptions),
        typeof(Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions),
        typeof(Microsoft.AspNetCore.Http.CookieBuilder),
    ];

    /// <summary>The generated part of the file, between <see cref="Begin"/> and <see cref="End"/> (markers excluded).</summary>
    public static string Generate()
    {
        var xml = XmlDocumentation.ForPackage();
        var generic = OptionLeaf.Of(typeof(OAuth2GenericOptions));
        var ownGeneric = generic.Where(leaf => leaf.TopLevel.DeclaringType == typeof(OAuth2GenericOptions)).ToList();
        var framework = generic.Except(ownGeneric)
            .OrderBy(leaf => Array.IndexOf(FrameworkOrder, leaf.TopLevel.DeclaringType))
            .ThenBy(leaf => leaf.Name, StringComparer.Ordinal)
            .ToList();
        var cognito = OptionLeaf.Of(typeof(CognitoOptions)).Where(leaf => leaf.TopLevel.DeclaringType == typeof(CognitoOptions)).ToList();

        var text = new StringBuilder();
        text.Append("\n## `OAuth2GenericOptions`\n\n");
        text.Append("The options of `AddOAuth2Generic` (and, inherited, of `AddCognito`) that the package adds to `OAuthOptions`.\n\n");
        Table(text, typeof(OAuth2GenericOptions), ownGeneric, leaf => Meaning(xml, leaf));

        var (bindable, codeOnly) = Split(typeof(OAuth2GenericOptions), framework);
        text.Append("\n## Inherited from `OAuthOptions`, `RemoteAuthenticationOptions` and `AuthenticationSchemeOptions`\n\n");
        text.Append("The framework's options, bound from configuration by the package under the keys shown.\n\n");
        Table(text, typeof(OAuth2GenericOptions), bindable, FrameworkLink);
        text.Append("\nSet in code only (configuration cannot carry them): ")
            .AppendJoin(", ", codeOnly.Select(FrameworkLink))
            .Append(".\n");

        text.Append("\n## `CognitoOptions`\n\n");
        text.Append("The options `AddCognito` adds to `OAuth2GenericOptions`; every option above applies too.\n\n");
        Table(text, typeof(CognitoOptions), cognito, leaf => Meaning(xml, leaf));

        text.Append("\n### Defaults that `CognitoOptions` changes\n\n");
        text.Append("| C# name | `OAuth2GenericOptions` default | `CognitoOptions` default |\n|---|---|---|\n");
        var genericDefaults = new OAuth2GenericOptions();
        var cognitoDefaults = new CognitoOptions();
        foreach (var leaf in generic)
        {
            var before = OptionValueText.Show(leaf.Read(genericDefaults));
            var after = OptionValueText.Show(leaf.Read(cognitoDefaults));
            if (before != after)
            {
                text.Append(CultureInfo.InvariantCulture, $"| `{leaf.Name}` | {before} | {after} |\n");
            }
        }

        var bearer = OptionLeaf.Of(typeof(CognitoJwtBearerOptions)).Where(leaf => leaf.TopLevel.DeclaringType == typeof(CognitoJwtBearerOptions)).ToList();
        text.Append("\n## `CognitoJwtBearerOptions`\n\n");
        text.Append("The options of `AddCognitoJwtBearer`, the handler of an API that accepts a user pool's access tokens. ");
        text.Append("The framework's `AuthenticationSchemeOptions` (`ForwardDefault`, `TimeProvider`, …) apply too, set in code.\n\n");
        Table(text, typeof(CognitoJwtBearerOptions), bearer, leaf => Meaning(xml, leaf));

        return text.ToString();
    }

    private static (List<OptionLeaf> Bindable, List<OptionLeaf> CodeOnly) Split(Type optionsType, List<OptionLeaf> leaves)
    {
        var bindable = leaves.Where(leaf => ConfigurationProbe.Binds(optionsType, leaf, ConfigKey(leaf))).ToList();
        return (bindable, leaves.Except(bindable).ToList());
    }

    private static void Table(StringBuilder text, Type optionsType, IEnumerable<OptionLeaf> leaves, Func<OptionLeaf, string> meaning)
    {
        var defaults = Activator.CreateInstance(optionsType)!;
        text.Append("| C# name | configuration key | Ruby / GitLab key | default | meaning |\n|---|---|---|---|---|\n");
        foreach (var leaf in leaves)
        {
            var key = ConfigKey(leaf);
            var shownKey = ConfigurationProbe.Binds(optionsType, leaf, key) ? $"`{Shown(key, leaf)}`" : "— (code only)";
            text.Append(CultureInfo.InvariantCulture, $"| `{leaf.Name}` | {shownKey} | {RubyKeys(optionsType, leaf)} | {OptionValueText.Show(leaf.Read(defaults))} | {meaning(leaf)} |\n");
        }
    }

    /// <summary>The keys that might bind to the option: its own path, the Ruby strategy's snake_case inside args, GitLab's names.</summary>
    public static IEnumerable<string> CandidateKeys(OptionLeaf leaf)
    {
        yield return ConfigKey(leaf);
        yield return "args:" + string.Join(':', leaf.Path.Select(property => SnakeCase(property.Name)));
        foreach (var other in OtherRubyKeys)
        {
            yield return other.Key;
        }
    }

    private static string ConfigKey(OptionLeaf leaf) => string.Join(':', leaf.Path.Select(property => property.Name));

    private static string Shown(string key, OptionLeaf leaf) => leaf.IsDictionary ? key + ":<name>" : key;

    // The snake_case key of the Ruby strategy where the package binds it inside a GitLab entry's args, and GitLab's
    // own top-level names.
    private static string RubyKeys(Type optionsType, OptionLeaf leaf)
    {
        var keys = new List<string>();
        var snake = leaf.Path.Select(property => SnakeCase(property.Name)).ToList();
        if (ConfigurationProbe.Binds(optionsType, leaf, "args:" + string.Join(':', snake)))
        {
            keys.Add($"`{string.Join('.', snake)}{(leaf.IsDictionary ? ".<name>" : string.Empty)}`");
        }

        keys.AddRange(OtherRubyKeys.Where(other => ConfigurationProbe.Binds(optionsType, leaf, other.Key)).Select(other => other.Shown));
        return keys.Count == 0 ? "—" : string.Join(", ", keys);
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        foreach (var character in name)
        {
            if (char.IsUpper(character) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(character));
        }

        return text.ToString();
    }

    private static string Meaning(XmlDocumentation xml, OptionLeaf leaf)
    {
        var summary = xml.Summary(leaf.Property)
            ?? throw new InvalidOperationException($"{leaf.Property.DeclaringType!.Name}.{leaf.Property.Name} has no <summary> in OAuth2Generic.xml.");
        var type = Nullable.GetUnderlyingType(leaf.Property.PropertyType) ?? leaf.Property.PropertyType;
        return type.IsEnum ? $"{summary} Values: {string.Join(", ", Enum.GetNames(type).Select(name => $"`{name}`"))}." : summary;
    }

    private static string FrameworkLink(OptionLeaf leaf)
    {
        var declaring = leaf.Property.DeclaringType!;
        var url = $"https://learn.microsoft.com/dotnet/api/{declaring.FullName!.ToLowerInvariant()}.{leaf.Property.Name.ToLowerInvariant()}";
        var type = Nullable.GetUnderlyingType(leaf.Property.PropertyType) ?? leaf.Property.PropertyType;
        var values = type.IsEnum ? $" Values: {string.Join(", ", Enum.GetNames(type).Select(name => $"`{name}`"))}." : string.Empty;
        return $"[`{declaring.Name}.{leaf.Property.Name}`]({url}){values}";
    }
}
