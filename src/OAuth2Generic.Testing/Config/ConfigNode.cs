using System.Text.Json;

namespace OAuth2Generic.Testing.Config;

/// <summary>
/// A JSON value of the config file with its path (<c>userPools[0].clients[1].callbackUrls</c>), so that every error names
/// the field. An object's members are read through <see cref="Member"/>, and <see cref="EnsureRead"/> refuses any other
/// member, so a misspelt field is an error rather than a silently ignored setting.
/// </summary>
internal sealed class ConfigNode(JsonElement element, string path)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal) { "$schema" };

    public string Path => path;

    public JsonElement Element => element;

    public static ConfigNode Parse(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return new ConfigNode(document.RootElement.Clone(), path);
        }
        catch (JsonException exception)
        {
            throw new CognitoEmulatorConfigException(path, $"is not JSON: {exception.Message}");
        }
    }

    /// <summary>The member, or <see langword="null"/> when it is absent or JSON null.</summary>
    public ConfigNode? Member(string name)
    {
        RequireKind(JsonValueKind.Object, "an object");
        _read.Add(name);
        return element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? new ConfigNode(value, Join(name)) : null;
    }

    public ConfigNode Required(string name) => Member(name) ?? throw new CognitoEmulatorConfigException(Join(name), "is required");

    public string? String(string name) => Member(name)?.AsString();

    public string RequiredString(string name) => Required(name).AsString();

    public bool? Bool(string name) => Member(name) is { } node
        ? node.Element.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw node.Error("must be true or false") }
        : null;

    /// <summary>A whole number of seconds as a <see cref="TimeSpan"/>, at least <paramref name="minimum"/>.</summary>
    public TimeSpan? Seconds(string name, long minimum, long maximum = long.MaxValue / TimeSpan.TicksPerSecond)
    {
        if (Member(name) is not { } node)
        {
            return null;
        }

        if (node.Element.ValueKind != JsonValueKind.Number || !node.Element.TryGetInt64(out var seconds) || seconds < minimum || seconds > maximum)
        {
            throw node.Error(maximum == long.MaxValue / TimeSpan.TicksPerSecond ? $"must be a whole number of seconds, at least {minimum}" : $"must be a whole number of seconds from {minimum} to {maximum}");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    public IEnumerable<ConfigNode> Items(string name)
        => Member(name) is { } node ? node.AsArray() : [];

    public List<string>? Strings(string name) => Member(name)?.AsArray().Select(item => item.AsString()).ToList();

    /// <summary>An object of string values, such as a user's attributes.</summary>
    public Dictionary<string, string> StringMap(string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Member(name) is { } node)
        {
            node.RequireKind(JsonValueKind.Object, "an object of strings");
            foreach (var member in node.Element.EnumerateObject())
            {
                map[member.Name] = new ConfigNode(member.Value, node.Join(member.Name)).AsString();
            }
        }

        return map;
    }

    public string AsString()
    {
        RequireKind(JsonValueKind.String, "a string");
        return element.GetString()!;
    }

    public IEnumerable<ConfigNode> AsArray()
    {
        RequireKind(JsonValueKind.Array, "an array");
        return element.EnumerateArray().Select((item, index) => new ConfigNode(item, $"{path}[{index}]")).ToList();
    }

    /// <exception cref="CognitoEmulatorConfigException">The object has a member no reader asked for.</exception>
    public void EnsureRead()
    {
        foreach (var member in element.EnumerateObject())
        {
            if (!_read.Contains(member.Name))
            {
                throw new CognitoEmulatorConfigException(Join(member.Name), "is not a field of the config file (see schemas/cognito-emulator.schema.json)");
            }
        }
    }

    public CognitoEmulatorConfigException Error(string problem) => new(path, problem);

    private void RequireKind(JsonValueKind kind, string what)
    {
        if (element.ValueKind != kind)
        {
            throw Error($"must be {what}");
        }
    }

    private string Join(string name) => path.Length == 0 ? name : $"{path}.{name}";
}
