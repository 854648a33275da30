using System.Collections;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>An option's value as the configuration reference shows it, and the value a probe writes to configuration.</summary>
internal static class OptionValueText
{
    public const string None = "(none)";

    /// <summary>The value in Markdown: <c>`Bearer {0}`</c>, <c>`["sub"]`</c>, <c>`00:05:00`</c>, or (none).</summary>
    public static string Show(object? value) => Text(value) is { } text ? "`" + text.Replace("|", "\\|", StringComparison.Ordinal) + "`" : None;

    /// <summary>
    /// A value configuration can carry for an option of this type that differs from <paramref name="current"/>, or null
    /// when configuration cannot carry one (a delegate, a handler, an events object): such options are code-only.
    /// </summary>
    public static string? Probe(Type type, object? current)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) || type == typeof(UserResponsePath) || type == typeof(ICollection<string>) || type == typeof(IList<string>) => "probe-value",
            _ when type.IsAssignableTo(typeof(IDictionary)) || IsGenericDictionary(type) => "probe-value",
            _ when type == typeof(PathString) || type == typeof(IList<PathString>) => "/probe-path",
            _ when type == typeof(bool) => current is true ? "false" : "true",
            _ when type == typeof(int) => ((int)(current ?? 0) + 1).ToString(CultureInfo.InvariantCulture),
            _ when type == typeof(long) => ((long)(current ?? 0L) + 1).ToString(CultureInfo.InvariantCulture),
            _ when type == typeof(TimeSpan) => "01:02:03",
            _ when type.IsEnum => Enum.GetNames(type).Last(name => name != current?.ToString()),
            _ => null,
        };
    }

    private static bool IsGenericDictionary(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>) && type.GetGenericArguments()[0] == typeof(string);

    private static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        PathString path => path.HasValue ? path.Value : null,
        bool flag => flag ? "true" : "false",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        Enum member => member.ToString(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        UserResponsePath path => path.ToString(),
        IDictionary<string, UserResponsePath> attributes =>
            "{" + string.Join(", ", attributes.Select(entry => Json(entry.Key) + ": " + entry.Value)) + "}",
        IDictionary<string, string> pairs =>
            "{" + string.Join(", ", pairs.Select(entry => Json(entry.Key) + ": " + Json(entry.Value))) + "}",
        IEnumerable<string> items => "[" + string.Join(", ", items.Select(Json)) + "]",
        IEnumerable<PathString> paths => "[" + string.Join(", ", paths.Select(path => Json(path.Value ?? ""))) + "]",
        _ => "new " + value.GetType().Name + "()",
    };

    private static string Json(string text) => JsonSerializer.Serialize(text);
}
