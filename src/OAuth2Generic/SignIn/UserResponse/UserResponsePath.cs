using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OAuth2Generic;

/// <summary>
/// A path into the user document, as the Ruby strategy writes it: a single key is relative to
/// <see cref="UserResponseStructure.RootPath"/>, a list of keys is absolute from the document root.
/// </summary>
/// <remarks>
/// <para>
/// In C#, a string converts to a relative path and a collection expression to an absolute one:
/// <c>IdPath = "sub"</c>, <c>IdPath = ["data", "id"]</c>.
/// </para>
/// <para>
/// Each step names an object member, or an array element when the value reached so far is an array and the step is
/// an integer (negative counts from the end). A step <c>"0"</c> on an object is the member named <c>0</c>.
/// </para>
/// </remarks>
[CollectionBuilder(typeof(UserResponsePath), nameof(Create))]
public sealed class UserResponsePath : IReadOnlyList<string>, IEquatable<UserResponsePath>
{
    private readonly string[] _steps;

    private UserResponsePath(string[] steps, bool isAbsolute)
    {
        _steps = steps;
        IsAbsolute = isAbsolute;
    }

    /// <summary>The empty absolute path: the document root itself.</summary>
    public static UserResponsePath Empty { get; } = new([], isAbsolute: true);

    /// <summary>Whether the path starts at the document root (a list) rather than at the root path (a single key).</summary>
    public bool IsAbsolute { get; }

    /// <inheritdoc />
    public int Count => _steps.Length;

    /// <summary>The steps, for walking without an enumerator.</summary>
    internal ReadOnlySpan<string> Steps => _steps;

    /// <inheritdoc />
    public string this[int index] => _steps[index];

    /// <summary>A path of one key, relative to <see cref="UserResponseStructure.RootPath"/>.</summary>
    /// <param name="key">The member name (or array index) under the root path.</param>
    public static UserResponsePath Relative(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new([key], isAbsolute: false);
    }

    /// <summary>A path from the document root.</summary>
    /// <param name="steps">The member names and array indexes, outermost first.</param>
    public static UserResponsePath Absolute(params IEnumerable<string> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var array = steps.ToArray();
        foreach (var step in array)
        {
            ArgumentNullException.ThrowIfNull(step, nameof(steps));
        }

        return array.Length == 0 ? Empty : new(array, isAbsolute: true);
    }

    /// <summary>Builds an absolute path from a collection expression such as <c>["data", "id"]</c>.</summary>
    /// <param name="steps">The member names and array indexes, outermost first.</param>
    public static UserResponsePath Create(ReadOnlySpan<string> steps) => Absolute(steps.ToArray());

    /// <summary>Converts a single key to a path relative to the root path.</summary>
    /// <param name="key">The member name under the root path.</param>
    public static implicit operator UserResponsePath(string key) => Relative(key);

    /// <summary>Converts a list of keys to an absolute path.</summary>
    /// <param name="steps">The member names and array indexes, outermost first.</param>
    public static implicit operator UserResponsePath(string[] steps) => Absolute(steps);

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_steps).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(UserResponsePath? other) =>
        other is not null && IsAbsolute == other.IsAbsolute && _steps.AsSpan().SequenceEqual(other._steps);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as UserResponsePath);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(IsAbsolute);
        foreach (var step in _steps)
        {
            hash.Add(step, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The path as it would be written in configuration: <c>"sub"</c> or <c>["data", "id"]</c>.</summary>
    public override string ToString() =>
        IsAbsolute
            ? "[" + string.Join(", ", _steps.Select(step => JsonSerializer.Serialize(step, UserResponseJsonContext.Default.String))) + "]"
            : JsonSerializer.Serialize(_steps[0], UserResponseJsonContext.Default.String);
}
