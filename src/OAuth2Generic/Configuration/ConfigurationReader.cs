using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OAuth2Generic;

/// <summary>
/// Reads one option from configuration under any of its names (PascalCase, the Ruby strategy's snake_case, GitLab's
/// <c>app_id</c>…), looking first in the section itself and then in its GitLab <c>args</c> child. A value of the wrong
/// form fails with the configuration path in the message; values are never echoed, since one may be a secret.
/// </summary>
internal sealed class ConfigurationReader
{
    private readonly IConfiguration[] _sections;

    public ConfigurationReader(params IConfiguration[] sections) => _sections = sections;

    /// <summary>The first section that exists under any of the names, or null.</summary>
    public IConfigurationSection? Find(params ReadOnlySpan<string> names)
    {
        foreach (var section in _sections)
        {
            foreach (var name in names)
            {
                var child = section.GetSection(name);
                if (child.Value is not null || child.GetChildren().Any())
                {
                    return child;
                }
            }
        }

        return null;
    }

    /// <summary>A reader over the first section that exists under any of the names (empty when none does).</summary>
    public ConfigurationReader Section(params ReadOnlySpan<string> names) =>
        Find(names) is { } section ? new ConfigurationReader(section) : new ConfigurationReader();

    public void String(Action<string> set, params ReadOnlySpan<string> names)
    {
        if (Find(names) is { Value: { } value })
        {
            set(value);
        }
    }

    public void Boolean(Action<bool> set, params ReadOnlySpan<string> names)
    {
        if (Find(names) is { Value: { } value } section)
        {
            set(bool.TryParse(value, out var parsed) ? parsed : throw Invalid(section, "true or false"));
        }
    }

    public void Integer(Action<int> set, params ReadOnlySpan<string> names)
    {
        if (Find(names) is { Value: { } value } section)
        {
            set(int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw Invalid(section, "an integer"));
        }
    }

    public void Long(Action<long> set, params ReadOnlySpan<string> names)
    {
        if (Find(names) is { Value: { } value } section)
        {
            set(long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw Invalid(section, "an integer"));
        }
    }

    public void TimeSpan(Action<TimeSpan> set, params ReadOnlySpan<string> names)
    {
        if (Find(names) is { Value: { } value } section)
        {
            set(System.TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw Invalid(section, "a time span such as 00:01:00"));
        }
    }

    /// <summary>An enum by name, case-insensitive, with underscores ignored (so <c>basic_auth</c> is <c>BasicAuth</c>).</summary>
    public void Enum<TEnum>(Action<TEnum> set, params ReadOnlySpan<string> names)
        where TEnum : struct, Enum
    {
        if (Find(names) is not { Value: { } value } section)
        {
            return;
        }

        var normalized = value.Replace("_", string.Empty, StringComparison.Ordinal);
        if (!normalized.All(char.IsAsciiLetter)
            || !System.Enum.TryParse<TEnum>(normalized, ignoreCase: true, out var parsed))
        {
            throw Invalid(section, "one of " + string.Join(", ", System.Enum.GetNames<TEnum>()));
        }

        set(parsed);
    }

    /// <summary>Name-value pairs merged into <paramref name="target"/>; a null value removes the name.</summary>
    public void Dictionary(IDictionary<string, string> target, params ReadOnlySpan<string> names)
    {
        if (Find(names) is not { } section)
        {
            return;
        }

        foreach (var child in section.GetChildren())
        {
            if (child.GetChildren().Any())
            {
                throw Invalid(child, "a string");
            }

            if (child.Value is null)
            {
                target.Remove(child.Key);
            }
            else
            {
                target[child.Key] = child.Value;
            }
        }
    }

    /// <summary>
    /// A list of strings, or one string; an empty string is the empty list (JSON configuration turns <c>[]</c> into one).
    /// </summary>
    public static IReadOnlyList<string> ReadList(IConfigurationSection section, out bool isSingleValue)
    {
        var children = section.GetChildren().ToList();
        isSingleValue = children.Count == 0;
        if (isSingleValue)
        {
            return section.Value is { Length: > 0 } single ? [single] : [];
        }

        var items = new List<string>(children.Count);
        foreach (var child in children)
        {
            if (!IsListIndex(child.Key) || child.Value is null || child.GetChildren().Any())
            {
                throw Invalid(section, "a string or a list of strings");
            }

            items.Add(child.Value);
        }

        return items;
    }

    /// <summary>Whether a key is an element's index, as configuration writes the elements of a JSON array (0, 1, …).</summary>
    public static bool IsListIndex(string key) => int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    public static InvalidOperationException Invalid(IConfigurationSection section, string expected) =>
        new($"Configuration value '{section.Path}' must be {expected}.");
}
