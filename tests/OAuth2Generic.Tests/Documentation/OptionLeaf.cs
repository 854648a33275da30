using System.Collections;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// One settable option of an options type, reached through its nested option objects: <c>ClientOptions.Site</c> is the
/// path <c>[ClientOptions, Site]</c>.
/// </summary>
/// <param name="Path">The properties from the options object to the option, outermost first.</param>
internal sealed record OptionLeaf(IReadOnlyList<PropertyInfo> Path)
{
    /// <summary>The option's own property.</summary>
    public PropertyInfo Property => Path[^1];

    /// <summary>The property of the options type it hangs from (itself, unless nested).</summary>
    public PropertyInfo TopLevel => Path[0];

    /// <summary>The C# name, <c>ClientOptions.Site</c>.</summary>
    public string Name => string.Join('.', Path.Select(property => property.Name));

    /// <summary>A dictionary option, bound as <c>Key:&lt;name&gt;</c> children.</summary>
    public bool IsDictionary =>
        Property.PropertyType.IsAssignableTo(typeof(IDictionary))
        || Property.PropertyType.GetInterfaces().Append(Property.PropertyType).Any(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>));

    /// <summary>Every option of the type, nested ones included, in a stable order.</summary>
    public static IReadOnlyList<OptionLeaf> Of(Type optionsType) => [.. Walk(optionsType, [])];

    /// <summary>The option's value in <paramref name="options"/>.</summary>
    public object? Read(object options)
    {
        object? value = options;
        foreach (var property in Path)
        {
            value = value is null ? null : property.GetValue(value);
        }

        return value;
    }

    // Nested option objects are walked into: the package's own (ClientOptions, …) and the correlation cookie's builder;
    // not an events object, which is one code-only option.
    private static bool IsNested(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsAssignableTo(typeof(IEnumerable))
        && !type.Name.EndsWith("Events", StringComparison.Ordinal)
        && (type.Assembly == typeof(OAuth2GenericOptions).Assembly || type == typeof(CookieBuilder));

    private static IEnumerable<OptionLeaf> Walk(Type type, PropertyInfo[] parents)
    {
        // Reflection does not promise an order: the package's own options in declaration order (metadata tokens follow
        // the source), the framework's by name.
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
            .OrderBy(property => Depth(property.DeclaringType!))
            .ThenBy(property => property.DeclaringType!.Assembly == typeof(OAuth2GenericOptions).Assembly ? property.MetadataToken : 0)
            .ThenBy(property => property.Name, StringComparer.Ordinal);
        foreach (var property in properties)
        {
            PropertyInfo[] path = [.. parents, property];
            if (IsNested(property.PropertyType))
            {
                foreach (var leaf in Walk(property.PropertyType, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return new OptionLeaf(path);
            }
        }
    }

    private static int Depth(Type type)
    {
        var depth = 0;
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            depth++;
        }

        return -depth;
    }
}
