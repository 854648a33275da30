using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// The XML documentation file the build writes next to OAuth2Generic.dll (<c>GenerateDocumentationFile</c>), read as
/// one-paragraph Markdown summaries.
/// </summary>
internal sealed partial class XmlDocumentation
{
    private readonly Dictionary<string, XElement> _members;

    private XmlDocumentation(Dictionary<string, XElement> members) => _members = members;

    /// <summary>The file of the package's assembly: <c>OAuth2Generic.xml</c> beside <c>OAuth2Generic.dll</c>.</summary>
    public static XmlDocumentation ForPackage()
    {
        var path = Path.ChangeExtension(typeof(OAuth2GenericOptions).Assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: the package must build with GenerateDocumentationFile.");
        }

        var members = XDocument.Load(path).Descendants("member")
            .ToDictionary(member => (string)member.Attribute("name")!, StringComparer.Ordinal);
        return new XmlDocumentation(members);
    }

    /// <summary>The property's summary as Markdown on one line, or null when the file has none.</summary>
    public string? Summary(PropertyInfo property) =>
        _members.TryGetValue($"P:{property.DeclaringType!.FullName}.{property.Name}", out var member) && member.Element("summary") is { } summary
            ? Markdown(summary)
            : null;

    private static string Markdown(XElement element)
    {
        var text = new StringBuilder();
        Append(element, text);
        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    private static void Append(XElement element, StringBuilder text)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText plain:
                    text.Append(plain.Value.Replace("|", "\\|", StringComparison.Ordinal));
                    break;
                case XElement { Name.LocalName: "c" } code:
                    text.Append('`').Append(code.Value.Replace("|", "\\|", StringComparison.Ordinal)).Append('`');
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see when see.Attribute("langword") is { } word:
                    text.Append('`').Append(word.Value).Append('`');
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see when see.Attribute("href") is { } href:
                    text.Append('[').Append(see.Value.Length > 0 ? see.Value : href.Value).Append("](").Append(href.Value).Append(')');
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see when see.Attribute("cref") is { } cref:
                    text.Append('`').Append(see.Value.Length > 0 ? see.Value : ShortName(cref.Value)).Append('`');
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    text.Append('`').Append((string?)reference.Attribute("name")).Append('`');
                    break;
                case XElement other:
                    text.Append(' ');
                    Append(other, text);
                    text.Append(' ');
                    break;
            }
        }
    }

    // "T:OAuth2Generic.AuthTokenMode" -> "AuthTokenMode"; "P:OAuth2Generic.OAuth2GenericClientOptions.Site" ->
    // "OAuth2GenericClientOptions.Site": namespaces, generic arity and parameter lists are left out.
    private static string ShortName(string cref)
    {
        var isType = cref.StartsWith("T:", StringComparison.Ordinal);
        var name = cref[(cref.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var parameters = name.IndexOf('(', StringComparison.Ordinal);
        if (parameters >= 0)
        {
            name = name[..parameters];
        }

        var parts = name.Split('.').Select(part => part.Split('`')[0]).ToArray();
        return isType || parts.Length < 2 ? parts[^1] : parts[^2] + "." + parts[^1];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
